import type { AddressInfo, Server } from "net";

/** Starts `server` (HTTP or HTTPS) listening on `host:port` (0: any free port); rejects on a listen error such as EADDRINUSE. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
