import assert from "node:assert/strict";
import Client, * as $Iot from "@alicloud/iot20180120";
import { topoSign, topoSignContent } from "../../emulator/handlers/topology";
import { sdk, SdkMode, start, TestEmulator } from "./helpers";

/**
 * Conformance: the official SDK (@alicloud/iot20180120 3.0.11) calls every emulated operation, in
 * its default V3 mode (ACS3-HMAC-SHA256) and in v1 mode (HMAC-SHA1 RPC), and its response models
 * must parse every field. Quotas are raised here (they are tested in throttle.test.ts); the clock is
 * a FakeClock, so async batches finish exactly when the test advances it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sdkError(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail("expected the SDK to throw");
}

const INSTANCE = "iot-cn-emulator01";

for (const mode of ["v3", "v1"] as SdkMode[]) {
  describe(`official SDK conformance (${mode === "v3" ? "default V3 signature" : "v1 signature, signatureAlgorithm v2"})`, function () {
    let emu: TestEmulator;
    let client: Client;
    let deviceProduct: string;
    let gatewayProduct: string;

    before(async () => {
      emu = await start({ qps: { "*": 10_000 }, instances: [INSTANCE], checkDelayMs: 50, createDelayMs: 100 });
      client = sdk(emu, mode);
    });
    after(async () => emu.close());

    async function registerNamed(productKey: string, names: string[]): Promise<Map<string, { iotId: string; secret: string }>> {
      const check = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey, deviceName: names }));
      assert.equal(check.body.success, true, JSON.stringify(check.body));
      const applyId = check.body.data!.applyId!;
      emu.fake.advance(50);
      const reg = await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey, applyId }));
      assert.equal(reg.body.success, true, JSON.stringify(reg.body));
      emu.fake.advance(100);
      const out = new Map<string, { iotId: string; secret: string }>();
      for (let pageNo = 1; ; pageNo++) {
        const pg = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId, currentPage: pageNo, pageSize: 50 }));
        for (const d of pg.body.applyDeviceList!.applyDeviceInfo!) out.set(d.deviceName!, { iotId: d.iotId!, secret: d.deviceSecret! });
        if (pageNo >= pg.body.pageCount!) break;
      }
      return out;
    }

    describe("products", () => {
      it("CreateProduct returns the ProductKey at the top level and in Data", async () => {
        const r = await client.createProduct(new $Iot.CreateProductRequest({ productName: `dev_${mode}`, nodeType: 0, description: "lights", dataFormat: 1 }));
        assert.equal(r.statusCode, 200);
        assert.equal(r.body.success, true);
        assert.match(r.body.productKey!, /^a1[A-Za-z0-9]{9}$/);
        assert.equal(r.body.data!.productKey, r.body.productKey);
        assert.equal(r.body.data!.productName, `dev_${mode}`);
        assert.equal(r.body.data!.nodeType, 0);
        assert.equal(r.body.data!.authType, "secret");
        assert.equal(r.body.data!.dataFormat, 1);
        assert.equal(r.body.data!.description, "lights");
        assert.equal(r.body.data!.id2, false);
        assert.match(r.body.data!.productSecret!, /^[A-Za-z0-9]{16}$/);
        assert.match(r.body.requestId!, /^[0-9A-F-]{36}$/);
        deviceProduct = r.body.productKey!;
        const g = await client.createProduct(new $Iot.CreateProductRequest({ productName: `gw_${mode}`, nodeType: 1 }));
        gatewayProduct = g.body.productKey!;
      });

      it("QueryProduct parses every field", async () => {
        const r = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: deviceProduct }));
        const d = r.body.data!;
        assert.equal(d.productKey, deviceProduct);
        assert.equal(d.deviceCount, 0);
        assert.equal(typeof d.gmtCreate, "number");
        assert.equal(d.owner, true);
        assert.equal(d.productStatus, "DEVELOPMENT_STATUS");
        assert.equal(d.aliyunCommodityCode, "iothub_senior");
      });

      it("rejects a duplicate or malformed product name and a missing product", async () => {
        const dup = await client.createProduct(new $Iot.CreateProductRequest({ productName: `dev_${mode}`, nodeType: 0 }));
        assert.equal(dup.body.success, false);
        assert.equal(dup.body.code, "iot.prod.AlreadyExistedProductName");
        const bad = await client.createProduct(new $Iot.CreateProductRequest({ productName: "ab", nodeType: 0 }));
        assert.equal(bad.body.code, "iot.prod.InvalidFormattedProductName");
        const q = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: "a1nothere00" }));
        assert.equal(q.body.success, false);
        assert.equal(q.body.code, "iot.prod.NotExistedProduct");
        assert.equal(typeof q.body.errorMessage, "string");
      });

      it("a missing required parameter is a gateway MissingParameter (HTTP 400)", async () => {
        const e = await sdkError(client.createProduct(new $Iot.CreateProductRequest({ nodeType: 0 })));
        assert.equal(e.code, "MissingParameter");
        assert.equal(e.data.statusCode, 400);
        assert.match(e.message, /ProductName/);
      });

      it("X.509 products lower the BatchCheckDeviceNames limit to 1,000 names; more is refused, starting no batch (strict)", async () => {
        const x = await client.createProduct(new $Iot.CreateProductRequest({ productName: `x509_${mode}`, nodeType: 0, authType: "x509" }));
        assert.equal(x.body.data!.authType, "x509");
        const names = Array.from({ length: 1_001 }, (_, i) => `x509dev${i}`);
        const appliesBefore = emu.store.applies.size;
        // The Tea SDK sends every name in the query string: ~20 KB of URL.
        const refused = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey: x.body.productKey, deviceName: names }));
        assert.equal(refused.body.success, false);
        assert.equal(refused.body.code, "iot.device.DeviceCountExceeded");
        assert.match(refused.body.errorMessage!, /at most 1,000 names per BatchCheckDeviceNames call for a product with AuthType x509, got 1,001/);
        assert.equal(emu.store.applies.size, appliesBefore);
        const r = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey: x.body.productKey, deviceName: names.slice(0, 1_000) }));
        assert.equal(r.body.success, true);
        assert.equal(emu.store.applies.get(r.body.data!.applyId!)!.rec.names!.length, 1_000);
      });

      it("DeleteProduct refuses a product with devices and deletes an empty one", async () => {
        const p = await client.createProduct(new $Iot.CreateProductRequest({ productName: `tmp_${mode}`, nodeType: 0 }));
        await registerNamed(p.body.productKey!, ["tmpdev1"]);
        const refused = await client.deleteProduct(new $Iot.DeleteProductRequest({ productKey: p.body.productKey }));
        assert.equal(refused.body.code, "iot.prod.ProductHasDevices");
        await client.deleteDevice(new $Iot.DeleteDeviceRequest({ productKey: p.body.productKey, deviceName: "tmpdev1" }));
        const ok = await client.deleteProduct(new $Iot.DeleteProductRequest({ productKey: p.body.productKey }));
        assert.equal(ok.body.success, true);
      });
    });

    describe("edge drivers", () => {
      let driverId: string;
      const containerConfig = JSON.stringify({ privileged: 1, devMappings: [], volumeMappings: [{ hostPath: "/var/data", containerPath: "/data", permission: "rw" }], hostNetworkMode: 0, portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] });
      const driverConfig = JSON.stringify([{ format: "JSON", content: JSON.stringify({ defaultConfig: "demo" }) }]);

      it("CreateEdgeDriver returns a 32-hex DriverId with Code Success", async () => {
        const r = await client.createEdgeDriver(new $Iot.CreateEdgeDriverRequest({ driverName: "LedDriver", driverProtocol: "customize", runtime: "nodejs8", cpuArch: "x86-64", isBuiltIn: false }));
        assert.equal(r.body.success, true);
        assert.equal(r.body.code, "Success");
        assert.match(r.body.driverId!, /^[0-9a-f]{32}$/);
        driverId = r.body.driverId!;
      });

      it("CreateEdgeDriver validates the name, protocol and runtime", async () => {
        const r = await client.createEdgeDriver(new $Iot.CreateEdgeDriverRequest({ driverName: "9bad", driverProtocol: "zigbee", runtime: "java8" }));
        assert.equal(r.body.success, false);
        assert.equal(r.body.code, "iot.common.InvalidParam");
        assert.match(r.body.errorMessage!, /DriverName/);
        assert.match(r.body.errorMessage!, /DriverProtocol/);
        assert.match(r.body.errorMessage!, /Runtime/);
      });

      it("QueryEdgeDriver pages self-developed drivers and parses every field", async () => {
        const r = await client.queryEdgeDriver(new $Iot.QueryEdgeDriverRequest({ currentPage: 1, pageSize: 30, type: 1, driverName: "Led" }));
        assert.equal(r.body.code, "Success");
        assert.equal(r.body.data!.total, 1);
        assert.equal(r.body.data!.currentPage, 1);
        assert.equal(r.body.data!.pageSize, 30);
        const d = r.body.data!.driverList![0];
        assert.equal(d.driverId, driverId);
        assert.equal(d.driverName, "LedDriver");
        assert.equal(d.driverProtocol, "customize");
        assert.equal(d.runtime, "nodejs8");
        assert.equal(d.cpuArch, "x86-64");
        assert.equal(d.isBuiltIn, false);
        assert.equal(d.isApply, false);
        assert.equal(d.type, 1);
        assert.equal(typeof d.gmtCreateTimestamp, "number");
        assert.equal(typeof d.gmtModifiedTimestamp, "number");
        const big = await client.queryEdgeDriver(new $Iot.QueryEdgeDriverRequest({ currentPage: 1, pageSize: 31, type: 1 }));
        assert.equal(big.body.code, "iot.common.InvalidPageParams");
      });

      it("BatchGetEdgeDriver returns known ids, skips unknown ones, and refuses more than 30", async () => {
        const r = await client.batchGetEdgeDriver(new $Iot.BatchGetEdgeDriverRequest({ driverIds: [driverId, "0".repeat(32)] }));
        assert.equal(r.body.code, "Success");
        assert.equal(r.body.driverList!.length, 1);
        assert.equal(r.body.driverList![0].driverName, "LedDriver");
        const many = await client.batchGetEdgeDriver(new $Iot.BatchGetEdgeDriverRequest({ driverIds: Array.from({ length: 31 }, (_, i) => `id${i}`) }));
        assert.equal(many.body.code, "iot.common.ParameterSizeLimit");
      });

      it("CreateEdgeDriverVersion creates an unpublished version, unique per driver", async () => {
        const req = new $Iot.CreateEdgeDriverVersionRequest({
          driverId,
          driverVersion: "1.0.0",
          edgeVersion: "2.0.0",
          description: "LED driver",
          argument: "-XX:+PrintGCDetails",
          sourceConfig: JSON.stringify({ ossAddress: "http://oss.example.com/driver.zip" }),
          driverConfig,
          configCheckRule: JSON.stringify({ deviceConfig: { required: false }, driverConfig: { required: false } }),
          containerConfig,
        });
        const r = await client.createEdgeDriverVersion(req);
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        assert.equal(r.body.code, "Success");
        const dup = await client.createEdgeDriverVersion(req);
        assert.equal(dup.body.success, false);
        assert.equal(dup.body.code, "iot.edge.DriverVersionExisted");
      });

      it("GetEdgeDriverVersion parses every field; SourceConfig comes back with a temporary OSS address", async () => {
        const r = await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }));
        const v = r.body.data!;
        assert.equal(v.driverId, driverId);
        assert.equal(v.driverVersion, "1.0.0");
        assert.equal(v.edgeVersion, "2.0.0");
        assert.equal(v.description, "LED driver");
        assert.equal(v.argument, "-XX:+PrintGCDetails");
        assert.equal(v.versionState, "0");
        assert.equal(v.containerConfig, containerConfig);
        assert.equal(v.driverConfig, driverConfig);
        assert.equal(typeof v.gmtCreateTimestamp, "number");
        const sc = JSON.parse(v.sourceConfig!);
        assert.equal(sc.ossAddress, "http://oss.example.com/driver.zip");
        assert.match(sc.temporaryOssAddress, /^http:\/\/oss\.example\.com\/driver\.zip\?Expires=\d+&OSSAccessKeyId=emulator&Signature=/);
        const missing = await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "9.9.9" }));
        assert.equal(missing.body.code, "iot.edge.DriverVersionNotExist");
      });

      it("UpdateEdgeDriverVersion is a full replace: omitted fields are cleared", async () => {
        const r = await client.updateEdgeDriverVersion(new $Iot.UpdateEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0", edgeVersion: "2.4.0", containerConfig }));
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        const v = (await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }))).body.data!;
        assert.equal(v.edgeVersion, "2.4.0");
        assert.equal(v.description, undefined);
        assert.equal(v.sourceConfig, undefined);
        assert.equal(v.driverConfig, undefined);
        assert.equal(v.containerConfig, containerConfig);
      });

      it("QueryEdgeDriverVersion filters by version and state", async () => {
        await client.createEdgeDriverVersion(new $Iot.CreateEdgeDriverVersionRequest({ driverId, driverVersion: "1.1.0", edgeVersion: "2.0.0" }));
        const all = await client.queryEdgeDriverVersion(new $Iot.QueryEdgeDriverVersionRequest({ driverId, currentPage: 1, pageSize: 10 }));
        assert.equal(all.body.data!.total, 2);
        assert.deepEqual(all.body.data!.driverVersionList!.map((v) => v.driverVersion).sort(), ["1.0.0", "1.1.0"]);
        const one = await client.queryEdgeDriverVersion(new $Iot.QueryEdgeDriverVersionRequest({ driverId, currentPage: 1, pageSize: 10, driverVersion: "1.1.0" }));
        assert.equal(one.body.data!.total, 1);
        const published = await client.queryEdgeDriverVersion(new $Iot.QueryEdgeDriverVersionRequest({ driverId, currentPage: 1, pageSize: 10, versionState: 1 }));
        assert.equal(published.body.data!.total, 0);
      });

      it("a released version can be neither updated, deleted nor released again, and pins its driver", async () => {
        const rel = await client.releaseEdgeDriverVersion(new $Iot.ReleaseEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }));
        assert.equal(rel.body.success, true);
        const v = (await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }))).body.data!;
        assert.equal(v.versionState, "1");
        const upd = await client.updateEdgeDriverVersion(new $Iot.UpdateEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0", edgeVersion: "2.0.0" }));
        assert.equal(upd.body.code, "iot.edge.DriverVersionPublished");
        const del = await client.deleteEdgeDriverVersion(new $Iot.DeleteEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }));
        assert.equal(del.body.code, "iot.edge.DriverVersionPublished");
        const again = await client.releaseEdgeDriverVersion(new $Iot.ReleaseEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }));
        assert.equal(again.body.code, "iot.edge.DriverVersionPublished");
        const drv = await client.deleteEdgeDriver(new $Iot.DeleteEdgeDriverRequest({ driverId }));
        assert.equal(drv.body.code, "iot.edge.DriverHasPublishedVersion");
      });

      it("an unpublished version and a driver without published versions can be deleted", async () => {
        const del = await client.deleteEdgeDriverVersion(new $Iot.DeleteEdgeDriverVersionRequest({ driverId, driverVersion: "1.1.0" }));
        assert.equal(del.body.success, true);
        const d2 = await client.createEdgeDriver(new $Iot.CreateEdgeDriverRequest({ driverName: "Tmp", driverProtocol: "modbus", runtime: "python3" }));
        await client.createEdgeDriverVersion(new $Iot.CreateEdgeDriverVersionRequest({ driverId: d2.body.driverId, driverVersion: "0.1", edgeVersion: "2.0.0" }));
        const r = await client.deleteEdgeDriver(new $Iot.DeleteEdgeDriverRequest({ driverId: d2.body.driverId }));
        assert.equal(r.body.success, true);
        const gone = await client.deleteEdgeDriver(new $Iot.DeleteEdgeDriverRequest({ driverId: d2.body.driverId }));
        assert.equal(gone.body.code, "iot.edge.DriverNotExist");
      });

      it("CreateEdgeDriverVersion enforces the ContainerConfig rules", async () => {
        const r = await client.createEdgeDriverVersion(
          new $Iot.CreateEdgeDriverVersionRequest({ driverId, driverVersion: "2.0.0", edgeVersion: "2.0.0", containerConfig: JSON.stringify({ devMappings: [{ hostPath: "/tmp/x", permission: "rw" }] }) }),
        );
        assert.equal(r.body.code, "iot.common.InvalidParam");
        assert.match(r.body.errorMessage!, /devMappings\[0\]\.hostPath/);
      });
    });

    describe("device batches", () => {
      let applyId: number;

      it("BatchCheckDeviceNames → CHECK → CHECK_SUCCESS after the check delay", async () => {
        const r = await client.batchCheckDeviceNames(
          new $Iot.BatchCheckDeviceNamesRequest({
            productKey: deviceProduct,
            deviceNameList: [new $Iot.BatchCheckDeviceNamesRequestDeviceNameList({ deviceName: "light1", deviceNickname: "智能灯1" }), new $Iot.BatchCheckDeviceNamesRequestDeviceNameList({ deviceName: "light2" })],
          }),
        );
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        applyId = r.body.data!.applyId!;
        assert.equal(typeof applyId, "number");
        const s1 = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId }));
        assert.equal(s1.body.data!.status, "CHECK");
        assert.deepEqual(s1.body.data!.validList!.name, []);
        assert.deepEqual(s1.body.data!.invalidList!.name, []);
        const early = await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey: deviceProduct, applyId }));
        assert.equal(early.body.code, "iot.device.CreateDeviceTaskIsRunning");
        emu.fake.advance(50);
        const s2 = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId }));
        assert.equal(s2.body.data!.status, "CHECK_SUCCESS");
      });

      it("BatchRegisterDeviceWithApplyId → CREATE → CREATE_SUCCESS; QueryPageByApplyId lists the devices", async () => {
        const r = await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey: deviceProduct, applyId }));
        assert.equal(r.body.success, true);
        assert.equal(r.body.data!.applyId, applyId);
        const s1 = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId }));
        assert.equal(s1.body.data!.status, "CREATE");
        emu.fake.advance(100);
        const s2 = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId }));
        assert.equal(s2.body.data!.status, "CREATE_SUCCESS");
        const twice = await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey: deviceProduct, applyId }));
        assert.equal(twice.body.code, "iot.device.IncorrentDeviceApplyInfo");
        const pg = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId, currentPage: 1, pageSize: 1 }));
        assert.equal(pg.body.success, true);
        assert.equal(pg.body.page, 1);
        assert.equal(pg.body.pageSize, 1);
        assert.equal(pg.body.pageCount, 2);
        assert.equal(pg.body.total, 2);
        const info = pg.body.applyDeviceList!.applyDeviceInfo![0];
        assert.equal(info.deviceName, "light1");
        assert.match(info.deviceSecret!, /^[A-Za-z0-9]{32}$/);
        assert.match(info.iotId!, /^[A-Za-z0-9]{20}000100$/);
        assert.match(info.deviceId!, /^[0-9a-f]{32}$/);
        const tooBig = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId, currentPage: 1, pageSize: 51 }));
        assert.equal(tooBig.body.code, "iot.common.InvalidPageParams");
      });

      it("names that already exist fail the asynchronous check (CHECK_FAILED with the lists)", async () => {
        const r = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey: deviceProduct, deviceName: ["light1", "light3"] }));
        assert.equal(r.body.success, true);
        emu.fake.advance(50);
        const s = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId: r.body.data!.applyId }));
        assert.equal(s.body.data!.status, "CHECK_FAILED");
        assert.deepEqual(s.body.data!.invalidList!.name, ["light1"]);
        assert.deepEqual(s.body.data!.validList!.name, ["light3"]);
        const reg = await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey: deviceProduct, applyId: r.body.data!.applyId }));
        assert.equal(reg.body.code, "iot.device.IncorrentDeviceApplyInfo");
      });

      it("malformed names and nicknames fail synchronously with the invalid lists in Data", async () => {
        const r = await client.batchCheckDeviceNames(
          new $Iot.BatchCheckDeviceNamesRequest({
            productKey: deviceProduct,
            deviceNameList: [new $Iot.BatchCheckDeviceNamesRequestDeviceNameList({ deviceName: "APT$" }), new $Iot.BatchCheckDeviceNamesRequestDeviceNameList({ deviceName: "okname", deviceNickname: "x" })],
          }),
        );
        assert.equal(r.body.success, false);
        assert.equal(r.body.code, "iot.device.InvalidFormattedDeviceName");
        assert.deepEqual(r.body.data!.invalidDeviceNameList!.invalidDeviceName, ["APT$"]);
        assert.deepEqual(r.body.data!.invalidDeviceNicknameList!.invalidDeviceNickname, ["x"]);
        const none = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey: deviceProduct }));
        assert.equal(none.body.code, "iot.device.NoneDeviceNameElement");
        const unknownApply = await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId: 42 }));
        assert.equal(unknownApply.body.code, "iot.device.DeviceApplyIsNotFound");
      });

      it("BatchRegisterDevice creates random names after the create delay", async () => {
        const r = await client.batchRegisterDevice(new $Iot.BatchRegisterDeviceRequest({ productKey: deviceProduct, count: 3 }));
        assert.equal(r.body.success, true);
        const id = r.body.data!.applyId!;
        assert.equal((await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId: id }))).body.data!.status, "CREATE");
        emu.fake.advance(100);
        assert.equal((await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey: deviceProduct, applyId: id }))).body.data!.status, "CREATE_SUCCESS");
        const pg = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId: id }));
        assert.equal(pg.body.total, 3);
        assert.equal(pg.body.pageSize, 10);
        for (const d of pg.body.applyDeviceList!.applyDeviceInfo!) assert.match(d.deviceName!, /^[A-Za-z0-9]{20}$/);
        const tooMany = await client.batchRegisterDevice(new $Iot.BatchRegisterDeviceRequest({ productKey: deviceProduct, count: 10_001 }));
        assert.equal(tooMany.body.code, "iot.device.DeviceCountExceeded");
      });

      it("BatchQueryDeviceDetail returns existing devices only, under Data.Data", async () => {
        const r = await client.batchQueryDeviceDetail(new $Iot.BatchQueryDeviceDetailRequest({ productKey: deviceProduct, deviceName: ["light1", "nosuchdevice"] }));
        assert.equal(r.body.success, true);
        const list = r.body.data!.data!;
        assert.equal(list.length, 1);
        const d = list[0];
        assert.equal(d.deviceName, "light1");
        assert.equal(d.nickname, "智能灯1");
        assert.equal(d.nodeType, 0);
        assert.equal(d.productKey, deviceProduct);
        assert.equal(d.productName, `dev_${mode}`);
        assert.equal(d.region, "cn-shanghai");
        assert.equal(d.status, "UNACTIVE");
        assert.match(d.gmtCreate!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        assert.match(d.utcCreate!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        const tooMany = await client.batchQueryDeviceDetail(new $Iot.BatchQueryDeviceDetailRequest({ productKey: deviceProduct, deviceName: Array.from({ length: 101 }, (_, i) => `dev${i}x`) }));
        assert.equal(tooMany.body.code, "iot.common.InvalidParam");
      });

      it("QueryDeviceDetail by name and by IotId; BatchUpdateDeviceNickname sets and clears", async () => {
        const byName = await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ productKey: deviceProduct, deviceName: "light2" }));
        const iotId = byName.body.data!.iotId!;
        assert.equal(byName.body.data!.owner, true);
        assert.equal(byName.body.data!.nickname, undefined);
        const upd = await client.batchUpdateDeviceNickname(
          new $Iot.BatchUpdateDeviceNicknameRequest({ deviceNicknameInfo: [new $Iot.BatchUpdateDeviceNicknameRequestDeviceNicknameInfo({ iotId, nickname: "hall_lamp" })] }),
        );
        assert.equal(upd.body.success, true);
        const byId = await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ iotId }));
        assert.equal(byId.body.data!.deviceName, "light2");
        assert.equal(byId.body.data!.nickname, "hall_lamp");
        const bad = await client.batchUpdateDeviceNickname(
          new $Iot.BatchUpdateDeviceNicknameRequest({
            deviceNicknameInfo: [
              new $Iot.BatchUpdateDeviceNicknameRequestDeviceNicknameInfo({ iotId, nickname: "changed_ok" }),
              new $Iot.BatchUpdateDeviceNicknameRequestDeviceNicknameInfo({ productKey: deviceProduct, deviceName: "light1", nickname: "x!" }),
            ],
          }),
        );
        assert.equal(bad.body.code, "iot.device.InvalidFormattedNickname");
        assert.equal((await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ iotId }))).body.data!.nickname, "hall_lamp", "all-or-nothing");
        await client.batchUpdateDeviceNickname(new $Iot.BatchUpdateDeviceNicknameRequest({ deviceNicknameInfo: [new $Iot.BatchUpdateDeviceNicknameRequestDeviceNicknameInfo({ productKey: deviceProduct, deviceName: "light2" })] }));
        assert.equal((await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ iotId }))).body.data!.nickname, undefined);
        const none = await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ deviceName: "light2" }));
        assert.equal(none.body.code, "iot.prod.NullProductKey");
      });

      it("DeleteDevice removes the device; a second delete says NotExistedDevice", async () => {
        const r = await client.batchRegisterDevice(new $Iot.BatchRegisterDeviceRequest({ productKey: deviceProduct, count: 1 }));
        emu.fake.advance(100);
        const pg = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId: r.body.data!.applyId }));
        const name = pg.body.applyDeviceList!.applyDeviceInfo![0].deviceName!;
        const del = await client.deleteDevice(new $Iot.DeleteDeviceRequest({ productKey: deviceProduct, deviceName: name }));
        assert.equal(del.body.success, true);
        const again = await client.deleteDevice(new $Iot.DeleteDeviceRequest({ productKey: deviceProduct, deviceName: name }));
        assert.equal(again.body.code, "iot.device.NotExistedDevice");
        const after = await client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId: r.body.data!.applyId }));
        assert.equal(after.body.total, 0);
      });
    });

    describe("topology", () => {
      let subs: Map<string, { iotId: string; secret: string }>;
      let gws: Map<string, { iotId: string; secret: string }>;
      const item = (name: string, method = "hmacSha256", opts: { clientId?: string; timestamp?: string; sign?: string } = {}): $Iot.BatchAddThingTopoRequestTopoAddItem => {
        const s = subs.get(name)!;
        const content = topoSignContent({ productKey: deviceProduct, deviceName: name, clientId: opts.clientId, timestamp: opts.timestamp });
        return new $Iot.BatchAddThingTopoRequestTopoAddItem({ productKey: deviceProduct, deviceName: name, signMethod: method, sign: opts.sign ?? topoSign(method, s.secret, content), clientId: opts.clientId, timestamp: opts.timestamp });
      };

      before(async () => {
        subs = await registerNamed(deviceProduct, ["sub_a", "sub_b", "sub_c"]);
        gws = await registerNamed(gatewayProduct, ["gw_one", "gw_two"]);
      });

      it("BatchAddThingTopo attaches signed sub-devices (hmacSha256, hmacSha1, hmacMd5 with clientId/timestamp)", async () => {
        const r = await client.batchAddThingTopo(
          new $Iot.BatchAddThingTopoRequest({
            gwProductKey: gatewayProduct,
            gwDeviceName: "gw_one",
            topoAddItem: [item("sub_a", "hmacsha256"), item("sub_b", "HMACSHA1", { clientId: "sn-123" }), item("sub_c", "hmacMd5", { timestamp: String(emu.fake.now()) })],
          }),
        );
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        const topo = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one", pageNo: 1, pageSize: 2 }));
        assert.equal(topo.body.data!.total, 3);
        assert.equal(topo.body.data!.pageCount, 2);
        assert.equal(topo.body.data!.currentPage, 1);
        assert.equal(topo.body.data!.pageSize, 2);
        const info = topo.body.data!.list!.deviceInfo!;
        assert.equal(info.length, 2);
        assert.equal(info[0].deviceName, "sub_a");
        assert.equal(info[0].productKey, deviceProduct);
        assert.equal(info[0].iotId, subs.get("sub_a")!.iotId);
      });

      it("is all-or-nothing: one bad Sign attaches nobody", async () => {
        const r = await client.batchAddThingTopo(
          new $Iot.BatchAddThingTopoRequest({ gwProductKey: gatewayProduct, gwDeviceName: "gw_two", topoAddItem: [item("sub_a"), item("sub_b", "hmacSha256", { sign: "00".repeat(32) })] }),
        );
        assert.equal(r.body.success, false);
        assert.equal(r.body.code, "iot.device.AddTopoRelationFailed");
        const topo = await client.getThingTopo(new $Iot.GetThingTopoRequest({ iotId: gws.get("gw_two")!.iotId, pageNo: 1, pageSize: 50 }));
        assert.equal(topo.body.data!.total, 0);
      });

      it("moves a sub-device attached elsewhere to the new gateway", async () => {
        const r = await client.batchAddThingTopo(new $Iot.BatchAddThingTopoRequest({ gwProductKey: gatewayProduct, gwDeviceName: "gw_two", topoAddItem: [item("sub_a")] }));
        assert.equal(r.body.success, true);
        const one = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one", pageNo: 1, pageSize: 50 }));
        assert.deepEqual(one.body.data!.list!.deviceInfo!.map((d) => d.deviceName), ["sub_b", "sub_c"]);
        const sub = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: deviceProduct, deviceName: "sub_a", pageNo: 1, pageSize: 50 }));
        assert.deepEqual(sub.body.data!.list!.deviceInfo!.map((d) => d.deviceName), ["gw_two"]);
      });

      it("limits: more than 10 items, PageSize > 50, a non-gateway, the non-HMAC Sha256", async () => {
        const many = Array.from({ length: 11 }, () => item("sub_a"));
        const r = await client.batchAddThingTopo(new $Iot.BatchAddThingTopoRequest({ gwProductKey: gatewayProduct, gwDeviceName: "gw_one", topoAddItem: many }));
        assert.equal(r.body.code, "iot.common.InvalidParam");
        const page = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one", pageNo: 1, pageSize: 51 }));
        assert.equal(page.body.code, "iot.device.QueryTopoRelationFailed");
        const notGw = await client.batchAddThingTopo(new $Iot.BatchAddThingTopoRequest({ gwProductKey: deviceProduct, gwDeviceName: "sub_a", topoAddItem: [item("sub_b")] }));
        assert.equal(notGw.body.code, "iot.device.AddTopoRelationFailed");
        const sha = await client.batchAddThingTopo(new $Iot.BatchAddThingTopoRequest({ gwProductKey: gatewayProduct, gwDeviceName: "gw_one", topoAddItem: [item("sub_a", "hmacSha256", {})].map((i) => Object.assign(i, { signMethod: "Sha256" })) }));
        assert.equal(sha.body.code, "iot.device.AddTopoRelationFailed");
      });

      it("RemoveThingTopo on a gateway removes all its sub-devices; again → RemoveTopoRelationFailed", async () => {
        const r = await client.removeThingTopo(new $Iot.RemoveThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one" }));
        assert.equal(r.body.success, true);
        assert.equal(r.body.data, true);
        const topo = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one", pageNo: 1, pageSize: 50 }));
        assert.equal(topo.body.data!.total, 0);
        const again = await client.removeThingTopo(new $Iot.RemoveThingTopoRequest({ productKey: gatewayProduct, deviceName: "gw_one" }));
        assert.equal(again.body.code, "iot.device.RemoveTopoRelationFailed");
      });
    });

    describe("InvokeThingsService", () => {
      it("records accepted calls for the test to inspect", async () => {
        const r = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: deviceProduct, deviceName: ["light1", "light2"], identifier: "TimeReset", args: '{"walk":"a~z"}' }));
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        const last = emu.invocations().at(-1)!;
        assert.equal(last.requestId, r.body.requestId);
        assert.deepEqual(last.deviceNames, ["light1", "light2"]);
        assert.equal(last.identifier, "TimeReset");
        assert.deepEqual(last.args, { walk: "a~z" });
      });

      it("rejects non-JSON Args, unknown devices and more than 100 devices", async () => {
        const bad = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: deviceProduct, deviceName: ["light1"], identifier: "Set", args: "not json" }));
        assert.equal(bad.body.code, "iot.device.InvokeThingServiceFailed");
        const unknown = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: deviceProduct, deviceName: ["ghost_device"], identifier: "Set", args: "{}" }));
        assert.equal(unknown.body.code, "iot.device.NotExistedDevice");
        const many = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: deviceProduct, deviceName: Array.from({ length: 101 }, (_, i) => `d${i}xx`), identifier: "Set", args: "{}" }));
        assert.equal(many.body.code, "iot.common.InvalidParam");
      });
    });

    describe("products and thing models", () => {
      let modelProduct: string;
      const tsl = (productKey: string): string =>
        JSON.stringify({
          schema: "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json",
          profile: { productKey },
          properties: [{ identifier: "Brightness", name: "Brightness", accessMode: "rw", dataType: { type: "int", specs: { min: "0", max: "100" } } }],
          services: [{ identifier: "Blink", name: "Blink", callType: "async", inputData: [{ identifier: "times", name: "times", dataType: { type: "int", specs: { min: "1", max: "10" } } }], outputData: [] }],
          events: [],
        });

      it("UpdateProduct changes the name and the description; a taken name is refused", async () => {
        const p = await client.createProduct(new $Iot.CreateProductRequest({ productName: `upd_${mode}`, nodeType: 0, description: "before", aliyunCommodityCode: "iothub_senior", dataFormat: 1 }));
        modelProduct = p.body.productKey!;
        const u = await client.updateProduct(new $Iot.UpdateProductRequest({ productKey: modelProduct, productName: `upd2_${mode}`, description: "after" }));
        assert.equal(u.body.success, true, JSON.stringify(u.body));
        const q = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: modelProduct }));
        assert.deepEqual([q.body.data!.productName, q.body.data!.description], [`upd2_${mode}`, "after"]);
        const taken = await client.updateProduct(new $Iot.UpdateProductRequest({ productKey: modelProduct, productName: `dev_${mode}` }));
        assert.equal(taken.body.code, "iot.prod.AlreadyExistedProductName");
        const missingName = await sdkError(client.updateProduct(new $Iot.UpdateProductRequest({ productKey: modelProduct })));
        assert.equal(missingName.code, "MissingParameter");
      });

      it("QueryProductList pages the products newest first and parses every field", async () => {
        const all = await client.queryProductList(new $Iot.QueryProductListRequest({ currentPage: 1, pageSize: 200 }));
        assert.equal(all.body.success, true, JSON.stringify(all.body));
        const list = all.body.data!.list!.productInfo!;
        assert.equal(all.body.data!.total, list.length);
        assert.equal(list[0].productKey, modelProduct);
        assert.deepEqual([list[0].productName, list[0].nodeType, list[0].authType, list[0].dataFormat, list[0].description, list[0].deviceCount], [`upd2_${mode}`, 0, "secret", 1, "after", 0]);
        const second = await client.queryProductList(new $Iot.QueryProductListRequest({ currentPage: 2, pageSize: 1 }));
        assert.equal(second.body.data!.list!.productInfo![0].productKey, list[1].productKey);
        assert.equal(second.body.data!.pageCount, list.length);
        const tooBig = await client.queryProductList(new $Iot.QueryProductListRequest({ currentPage: 1, pageSize: 201 }));
        assert.equal(tooBig.body.code, "iot.common.InvalidPageParams");
      });

      it("ImportThingModelTsl writes the draft, PublishThingModel publishes it, GetThingModelTsl(Published) read them", async () => {
        const empty = await client.getThingModelTslPublished(new $Iot.GetThingModelTslPublishedRequest({ productKey: modelProduct }));
        assert.deepEqual(JSON.parse(empty.body.data!.tslStr!).services, []);
        const imp = await client.importThingModelTsl(new $Iot.ImportThingModelTslRequest({ productKey: modelProduct, tslStr: tsl(modelProduct) }));
        assert.equal(imp.body.success, true, JSON.stringify(imp.body));
        const draft = await client.getThingModelTsl(new $Iot.GetThingModelTslRequest({ productKey: modelProduct }));
        assert.deepEqual(JSON.parse(draft.body.data!.tslStr!).services.map((s: { identifier: string }) => s.identifier), ["Blink"]);
        const stillEmpty = await client.getThingModelTslPublished(new $Iot.GetThingModelTslPublishedRequest({ productKey: modelProduct }));
        assert.deepEqual(JSON.parse(stillEmpty.body.data!.tslStr!).services, []);
        const pub = await client.publishThingModel(new $Iot.PublishThingModelRequest({ productKey: modelProduct, modelVersion: "v1.0.0", description: "first" }));
        assert.equal(pub.body.success, true, JSON.stringify(pub.body));
        const published = await client.getThingModelTslPublished(new $Iot.GetThingModelTslPublishedRequest({ productKey: modelProduct }));
        const doc = JSON.parse(published.body.data!.tslStr!);
        assert.deepEqual(doc.services.map((s: { identifier: string; method: string }) => [s.identifier, s.method]), [["Blink", "thing.service.Blink"]]);
        assert.deepEqual(doc.properties[0].dataType, { type: "int", specs: { min: "0", max: "100" } });
        const byVersion = await client.getThingModelTsl(new $Iot.GetThingModelTslRequest({ productKey: modelProduct, modelVersion: "v1.0.0" }));
        assert.equal(byVersion.body.data!.tslStr, published.body.data!.tslStr);
        const badVersion = await client.publishThingModel(new $Iot.PublishThingModelRequest({ productKey: modelProduct, modelVersion: "v1_0" }));
        assert.equal(badVersion.body.code, "iot.common.InvalidParam");
      });

      it("ImportThingModelTsl refuses invalid TSL with the field and the rule", async () => {
        const notJson = await client.importThingModelTsl(new $Iot.ImportThingModelTslRequest({ productKey: modelProduct, tslStr: "{" }));
        assert.equal(notJson.body.code, "iot.common.InvalidFormattedParameter");
        const bad = JSON.parse(tsl(modelProduct));
        bad.services[0].identifier = "set";
        bad.properties[0].dataType = { type: "int", specs: { min: "10", max: "1" } };
        const r = await client.importThingModelTsl(new $Iot.ImportThingModelTslRequest({ productKey: modelProduct, tslStr: JSON.stringify(bad) }));
        assert.equal(r.body.code, "iot.common.InvalidFormattedParameter");
        assert.match(r.body.errorMessage!, /properties\[0\]\.dataType\.specs\.min/);
        assert.match(r.body.errorMessage!, /services\[0\]\.identifier.*reserved/);
      });

      it("InvokeThingsService refuses a service the published model does not define, and args that do not fit", async () => {
        await registerNamed(modelProduct, ["lamp_m1"]);
        const undefinedService = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: modelProduct, deviceName: ["lamp_m1"], identifier: "TimeReset", args: "{}" }));
        assert.equal(undefinedService.body.code, "iot.device.InvokeThingServiceFailed");
        assert.match(undefinedService.body.errorMessage!, /defined services: Blink/);
        const badArgs = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: modelProduct, deviceName: ["lamp_m1"], identifier: "Blink", args: '{"times":11,"colour":1}' }));
        assert.equal(badArgs.body.code, "iot.device.InvokeThingServiceFailed");
        assert.match(badArgs.body.errorMessage!, /args\.times.*1…10/);
        assert.match(badArgs.body.errorMessage!, /args\.colour.*its inputs: times/);
        const ok = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: modelProduct, deviceName: ["lamp_m1"], identifier: "Blink", args: '{"times":3}' }));
        assert.equal(ok.body.success, true, JSON.stringify(ok.body));
      });

      it("QueryDevice pages a product's devices newest first with NextToken", async () => {
        await registerNamed(modelProduct, ["lamp_m2", "lamp_m3"]);
        const p1 = await client.queryDevice(new $Iot.QueryDeviceRequest({ productKey: modelProduct, currentPage: 1, pageSize: 2 }));
        assert.equal(p1.body.success, true, JSON.stringify(p1.body));
        assert.deepEqual([p1.body.total, p1.body.pageCount, p1.body.page, p1.body.pageSize], [3, 2, 1, 2]);
        const first = p1.body.data!.deviceInfo!;
        assert.equal(first.length, 2);
        assert.ok(first.every((d) => d.productKey === modelProduct && d.deviceStatus === "UNACTIVE" && d.iotId && d.utcCreate));
        assert.ok(p1.body.nextToken);
        const p2 = await client.queryDevice(new $Iot.QueryDeviceRequest({ productKey: modelProduct, currentPage: 2, pageSize: 2, nextToken: p1.body.nextToken }));
        const names = [...first, ...p2.body.data!.deviceInfo!].map((d) => d.deviceName).sort();
        assert.deepEqual(names, ["lamp_m1", "lamp_m2", "lamp_m3"]);
        assert.equal(p2.body.nextToken, "");
        const wrongToken = await client.queryDevice(new $Iot.QueryDeviceRequest({ productKey: modelProduct, currentPage: 3, pageSize: 2, nextToken: p1.body.nextToken }));
        assert.equal(wrongToken.body.code, "iot.common.InvalidPageParams");
      });
    });

    describe("IotInstanceId", () => {
      it("scopes resources per instance and rejects unknown instances", async () => {
        const r = await client.createProduct(new $Iot.CreateProductRequest({ productName: `inst_${mode}`, nodeType: 0, iotInstanceId: INSTANCE }));
        assert.equal(r.body.success, true);
        const inInstance = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: r.body.productKey, iotInstanceId: INSTANCE }));
        assert.equal(inInstance.body.success, true);
        const outside = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: r.body.productKey }));
        assert.equal(outside.body.code, "iot.prod.NotExistedProduct");
        const unknown = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: r.body.productKey, iotInstanceId: "iot-cn-nosuch" }));
        assert.equal(unknown.body.success, false);
        assert.equal(unknown.body.code, "iot.system.InstanceNotFound");
      });
    });

    describe("gateway errors", () => {
      it("an unknown AccessKeyId → InvalidAccessKeyId.NotFound (HTTP 404)", async () => {
        const bad = sdk(emu, mode, { accessKeyId: "nobody", accessKeySecret: "x" });
        const e = await sdkError(bad.queryProduct(new $Iot.QueryProductRequest({ productKey: deviceProduct })));
        assert.equal(e.code, "InvalidAccessKeyId.NotFound");
        assert.equal(e.data.statusCode, 404);
      });

      it("a wrong secret → SignatureDoesNotMatch (HTTP 400) with the server's string to sign", async () => {
        const bad = sdk(emu, mode, { accessKeyId: emu.accessKeyId, accessKeySecret: "wrong" });
        const e = await sdkError(bad.queryProduct(new $Iot.QueryProductRequest({ productKey: deviceProduct })));
        assert.equal(e.code, "SignatureDoesNotMatch");
        assert.equal(e.data.statusCode, 400);
        assert.match(e.data.Message, /server string to sign is:/);
        assert.ok(e.data.HostId);
        assert.match(e.data.Recommend, /SignatureDoesNotMatch/);
      });

      it("an injected 503 ServiceUnavailable surfaces as the SDK's error", async () => {
        emu.addFault({ action: "QueryProduct", code: "ServiceUnavailable", httpStatus: 503 });
        const e = await sdkError(client.queryProduct(new $Iot.QueryProductRequest({ productKey: deviceProduct })));
        assert.equal(e.code, "ServiceUnavailable");
        assert.equal(e.data.statusCode, 503);
        const ok = await client.queryProduct(new $Iot.QueryProductRequest({ productKey: deviceProduct }));
        assert.equal(ok.body.success, true);
      });
    });
  });
}
