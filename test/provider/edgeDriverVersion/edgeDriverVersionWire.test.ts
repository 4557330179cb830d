import assert from "node:assert/strict";
import { edgeDriverVersionContentChanges } from "../../../provider/edgeDriverVersion/edgeDriverVersionContentChanges";
import { edgeDriverVersionContentFromData, edgeDriverVersionParams, versionStateFromData } from "../../../provider/edgeDriverVersion/edgeDriverVersionWire";
import { normalizeEdgeDriverVersion } from "../../../provider/edgeDriverVersion/normalizeEdgeDriverVersion";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

describe(normalizeEdgeDriverVersion.name, () => {
  it("fills the API defaults, turns 0/1 into booleans and drops empty values", () => {
    assert.deepEqual(
      normalizeEdgeDriverVersion({
        driverId: "d1",
        driverVersion: "1.0.0",
        edgeVersion: "2.0.0",
        argument: "",
        description: undefined,
        driverConfig: [],
        configCheckRule: { driverConfig: { required: true } },
        containerConfig: { privileged: 1, devMappings: [{ hostPath: "/dev/x", permission: "rw", comment: "" }] },
        iotInstanceId: "",
        __provider: "ignored",
      }),
      {
        driverId: "d1",
        driverVersion: "1.0.0",
        edgeVersion: "2.0.0",
        configCheckRule: { deviceConfig: { required: false }, driverConfig: { required: true } },
        containerConfig: { privileged: true, hostNetworkMode: false, portMappings: [], devMappings: [{ hostPath: "/dev/x", permission: "rw" }], volumeMappings: [] },
        released: false,
        adoptExisting: false,
      },
    );
  });

  it("keeps the preview placeholder wherever it appears", () => {
    const n = normalizeEdgeDriverVersion({
      driverId: UNKNOWN,
      driverVersion: "1",
      edgeVersion: UNKNOWN,
      containerConfig: { privileged: UNKNOWN, portMappings: [UNKNOWN], devMappings: UNKNOWN },
      sourceConfig: UNKNOWN,
      released: UNKNOWN,
    });
    assert.equal(n.driverId, UNKNOWN);
    assert.equal(n.edgeVersion, UNKNOWN);
    assert.equal(n.sourceConfig, UNKNOWN);
    assert.equal(n.released, UNKNOWN);
    assert.deepEqual(n.containerConfig, { privileged: UNKNOWN, hostNetworkMode: false, portMappings: [UNKNOWN], devMappings: UNKNOWN, volumeMappings: [] });
  });
});

describe(edgeDriverVersionParams.name, () => {
  it("sends the JSON strings the API wants (DriverConfig as an array, switches as 0/1, protocol as a string)", () => {
    const inputs = normalizeEdgeDriverVersion({
      driverId: "d1",
      driverVersion: "1.2.0",
      edgeVersion: "2.0.0",
      argument: "-Xmx64m",
      description: "LED driver",
      sourceConfig: { ossAddress: "http://oss/x.zip" },
      driverConfig: [{ format: "JSON", content: '{"defaultConfig":"demo"}' }],
      configCheckRule: {},
      containerConfig: { privileged: true, portMappings: [{ protocol: "udp", containerPort: 2, hostPort: 1 }] },
    });
    assert.deepEqual(edgeDriverVersionParams(inputs), {
      DriverId: "d1",
      DriverVersion: "1.2.0",
      EdgeVersion: "2.0.0",
      Argument: "-Xmx64m",
      Description: "LED driver",
      SourceConfig: '{"ossAddress":"http://oss/x.zip"}',
      DriverConfig: '[{"format":"JSON","content":"{\\"defaultConfig\\":\\"demo\\"}"}]',
      ConfigCheckRule: '{"deviceConfig":{"required":false},"driverConfig":{"required":false}}',
      ContainerConfig: '{"privileged":1,"hostNetworkMode":0,"portMappings":[{"hostPort":1,"containerPort":2,"protocol":"udp"}],"devMappings":[],"volumeMappings":[]}',
    });
  });

  it("omits unset optional fields (an update then clears them) and sends IotInstanceId only when set", () => {
    assert.deepEqual(edgeDriverVersionParams(normalizeEdgeDriverVersion({ driverId: "d", driverVersion: "v", edgeVersion: "e" })), {
      DriverId: "d",
      DriverVersion: "v",
      EdgeVersion: "e",
    });
    assert.equal(edgeDriverVersionParams(normalizeEdgeDriverVersion({ driverId: "d", driverVersion: "v", edgeVersion: "e", iotInstanceId: "i" })).IotInstanceId, "i");
  });
});

describe(edgeDriverVersionContentFromData.name, () => {
  const inputs = normalizeEdgeDriverVersion({
    driverId: "d1",
    driverVersion: "1.2.0",
    edgeVersion: "2.0.0",
    description: "LED",
    sourceConfig: { ossAddress: "http://oss/x.zip" },
    driverConfig: [{ format: "KV", content: "a=1" }],
    containerConfig: { hostNetworkMode: true, volumeMappings: [{ hostPath: "/h", containerPath: "/c", permission: "ro" }] },
  });

  it("round-trips: what was sent reads back as no content change", () => {
    const p = edgeDriverVersionParams(inputs);
    const data = {
      DriverId: p.DriverId,
      DriverVersion: p.DriverVersion,
      EdgeVersion: p.EdgeVersion,
      Description: p.Description,
      Argument: "",
      SourceConfig: p.SourceConfig,
      DriverConfig: p.DriverConfig,
      ContainerConfig: p.ContainerConfig,
      VersionState: "0",
    };
    assert.deepEqual(edgeDriverVersionContentChanges(inputs, edgeDriverVersionContentFromData(data)), []);
  });

  it("drops SourceConfig's signed temporaryOssAddress, accepts a single DriverConfig object, reports changes", () => {
    const content = edgeDriverVersionContentFromData({
      EdgeVersion: "2.1.0",
      SourceConfig: '{"ossAddress":"http://oss/x.zip","temporaryOssAddress":"http://oss/x.zip?Expires=1&OSSAccessKeyId=AK&Signature=S"}',
      DriverConfig: '{"format":"KV","content":"a=1"}',
      ContainerConfig: '{"privileged":0,"hostNetworkMode":1,"volumeMappings":[{"hostPath":"/h","containerPath":"/c","permission":"ro"}]}',
    });
    assert.deepEqual(content.sourceConfig, { ossAddress: "http://oss/x.zip" });
    assert.ok(!JSON.stringify(content).includes("Signature"));
    assert.deepEqual(edgeDriverVersionContentChanges(inputs, content), ["edgeVersion", "description"]);
  });

  it("keeps a field that is not JSON as raw text, so it shows as drift", () => {
    const content = edgeDriverVersionContentFromData({ EdgeVersion: "2.0.0", ContainerConfig: "not json" });
    assert.equal(content.containerConfig, "not json" as never);
    assert.deepEqual(edgeDriverVersionContentChanges(inputs, content).includes("containerConfig"), true);
  });

  it("reads VersionState as a string or a number", () => {
    assert.equal(versionStateFromData({ VersionState: "1" }), "1");
    assert.equal(versionStateFromData({ VersionState: 1 }), "1");
    assert.equal(versionStateFromData({ VersionState: 0 }), "0");
    assert.equal(versionStateFromData({}), "0");
  });
});
