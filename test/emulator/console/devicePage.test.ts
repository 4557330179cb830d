import assert from "node:assert/strict";
import { devicePage, parseDeviceQuery } from "../../../emulator/console/devicePage";
import { applySeed } from "../../../emulator/seed/applySeed";
import { parseSeed } from "../../../emulator/seed/parseSeed";
import { Store } from "../../../emulator/state/store";

/** The console's device page: server-side paging and case-insensitive search over one product. */

function product() {
  const store = new Store();
  const spec = parseSeed({
    products: [{ name: "page_prod", productKey: "a1PageProd1", devices: [{ prefix: "dev-", count: 120, digits: 3, nicknamePrefix: "Hall_" }, "dev.x1", { name: "DEVX1-upper", nickname: "Roof_1" }] }],
  });
  applySeed(store, "default/", spec, 0);
  return store.scope("default/").products.get("a1PageProd1")!;
}

describe("console device page", () => {
  const p = product();
  const q = (s: string) => devicePage(p, parseDeviceQuery(new URLSearchParams(s)));

  it("pages without a filter: total, rows of the page, an empty page past the end", () => {
    const first = q("pageSize=50");
    assert.equal(first.total, 122);
    assert.equal(first.matched, 122);
    assert.deepEqual([first.rows[0].deviceName, first.rows[49].deviceName], ["dev-001", "dev-050"]);
    assert.deepEqual(q("page=3&pageSize=50").rows.map((r) => r.deviceName), ["dev-101", "dev-102", "dev-103", "dev-104", "dev-105", "dev-106", "dev-107", "dev-108", "dev-109", "dev-110", "dev-111", "dev-112", "dev-113", "dev-114", "dev-115", "dev-116", "dev-117", "dev-118", "dev-119", "dev-120", "dev.x1", "DEVX1-upper"]);
    assert.deepEqual(q("page=4&pageSize=50").rows, []);
  });

  it("searches names and nicknames ignoring case, with regex characters taken literally", () => {
    assert.deepEqual(q("name=devx1").rows.map((r) => r.deviceName), ["DEVX1-upper"]);
    assert.deepEqual(q("name=dev.x").rows.map((r) => r.deviceName), ["dev.x1"], "the dot is a dot");
    const hall = q("nickname=hall_11&pageSize=5&page=2");
    assert.equal(hall.matched, 10);
    assert.deepEqual(hall.rows.map((r) => r.nickname), ["Hall_115", "Hall_116", "Hall_117", "Hall_118", "Hall_119"]);
    assert.equal(q("name=dev-0&nickname=roof").matched, 0, "filters combine");
    assert.equal(q("status=UNACTIVE").matched, 122);
    assert.equal(q("status=ONLINE").matched, 0);
  });

  it("rejects bad page parameters and statuses with a message", () => {
    assert.throws(() => parseDeviceQuery(new URLSearchParams("pageSize=201")), /pageSize must be an integer 1–200, got "201"/);
    assert.throws(() => parseDeviceQuery(new URLSearchParams("page=0")), /page must be an integer/);
    assert.throws(() => parseDeviceQuery(new URLSearchParams("status=ASLEEP")), /status must be one of ONLINE, OFFLINE, UNACTIVE, DISABLE, got "ASLEEP"/);
  });
});
