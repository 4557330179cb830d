import assert from "node:assert/strict";
import { signTopoItem, topoSignContent } from "../../../provider/gatewayTopology/signTopoItem";
import { topoSign } from "../../../emulator/handlers/topology";

/* Doc §5.1's worked example and derived vectors; the emulator's verifier is an independent check. */
describe("signTopoItem", () => {
  const example = { productKey: "a1PB5fp1234", deviceName: "868575026974305", clientId: "868575026974305" };

  it("builds the sorted lower-camel content without separators", () => {
    assert.equal(topoSignContent(example), "clientId868575026974305deviceName868575026974305productKeya1PB5fp1234");
    assert.equal(topoSignContent({ ...example, timestamp: "1579335899000" }), "clientId868575026974305deviceName868575026974305productKeya1PB5fp1234timestamp1579335899000");
    assert.equal(topoSignContent({ productKey: "pk", deviceName: "dev1" }), "deviceNamedev1productKeypk");
  });

  it("reproduces the documented hmacMd5 example (key 1234) in upper-case hex", () => {
    assert.equal(signTopoItem("hmacMd5", "1234", example), "C1C1606D61884C5F16C9EA6622E5E3C3");
  });

  it("matches the derived hmacSha1/hmacSha256 vectors, with and without timestamp", () => {
    assert.equal(signTopoItem("hmacSha1", "1234", example), "0E28FFFE08643DB1DB2C0715E306132F897F17C1");
    assert.equal(signTopoItem("hmacSha256", "1234", example), "0AB0A7F8D406B64CC324EBB63D3F302A83119D2C7C6C126C387F4615239B3A38");
    const ts = { ...example, timestamp: "1579335899000" };
    assert.equal(signTopoItem("hmacMd5", "1234", ts), "EDF7D9DCB9814E60DB130251D1A9F5E7");
    assert.equal(signTopoItem("hmacSha1", "1234", ts), "8AD1D1F2BA4FE0CFFC1002D074CD0DCF2C595141");
    assert.equal(signTopoItem("hmacSha256", "1234", ts), "AFB946D959483198EF4FD937E574C85DAEA003E9B21A712982DED8BC43FEEF57");
  });

  it("agrees with the emulator's verifier", () => {
    const p = { productKey: "a1abcdefghi", deviceName: "sub-01", clientId: "a1abcdefghi.sub-01", timestamp: "1700000000000" };
    assert.equal(signTopoItem("hmacSha256", "s3cr3tS3cr3t", p), topoSign("hmacsha256", "s3cr3tS3cr3t", topoSignContent(p)));
  });
});
