/** Start-up refused: the data dir is locked, or its snapshot or journals do not add up (the message names the file and line). */
export class DataDirError extends Error {
  override readonly name = "DataDirError";
}
