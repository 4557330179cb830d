// One PRNG for the tests and the emulator's latency jitter.
export { seededRandom } from "../../../../emulator/http/seededRandom";
