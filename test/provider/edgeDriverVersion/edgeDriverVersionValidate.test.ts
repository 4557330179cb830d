import assert from "node:assert/strict";
import { validateEdgeDriverVersion } from "../../../provider/edgeDriverVersion/validateEdgeDriverVersion";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

/** Valid inputs with every optional field set; each test breaks one thing. */
function valid(): Record<string, any> {
  return {
    driverId: "fec565038d7544978d9aed5c1a000001",
    driverVersion: "1.2.0",
    edgeVersion: "2.0.0",
    argument: "-XX:+PrintGCDetails",
    description: "LED driver",
    sourceConfig: { ossAddress: "http://oss.example/driver.zip" },
    driverConfig: [{ format: "JSON", content: '{"a":1}' }],
    configCheckRule: { deviceConfig: { required: false }, driverConfig: { required: true } },
    containerConfig: {
      privileged: true,
      hostNetworkMode: false,
      portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }],
      devMappings: [{ hostPath: "/dev/ttyUSB0", permission: "rw", comment: "serial" }],
      volumeMappings: [{ hostPath: "/var/data", containerPath: "/data", permission: "ro" }],
    },
    iotInstanceId: "iot-instance-1",
    released: false,
    adoptExisting: false,
  };
}

function reasons(news: Record<string, unknown>): string[] {
  return validateEdgeDriverVersion(news).map((f) => `${f.property}: ${f.reason}`);
}

describe(validateEdgeDriverVersion.name, () => {
  it("accepts fully specified valid inputs and minimal ones", () => {
    assert.deepEqual(validateEdgeDriverVersion(valid()), []);
    assert.deepEqual(validateEdgeDriverVersion({ driverId: "d", driverVersion: "v", edgeVersion: "2.0.0" }), []);
  });

  it("requires driverId, driverVersion and edgeVersion", () => {
    assert.deepEqual(reasons({}), [
      "driverId: Expected `driverId` to be a non-empty string, got undefined",
      "driverVersion: Expected `driverVersion` to be 1–64 characters of letters, digits, _, - and ., got undefined",
      "edgeVersion: Expected `edgeVersion` to be a Link IoT Edge version of three numbers such as 2.0.0, got undefined",
    ]);
  });

  describe("driverVersion", () => {
    for (const ok of ["1", "v1.2.3-beta_4", "a".repeat(64), "A.B-C_D"]) {
      it(`accepts ${JSON.stringify(ok.length > 20 ? `${ok.length} chars` : ok)}`, () => {
        assert.deepEqual(validateEdgeDriverVersion({ ...valid(), driverVersion: ok }), []);
      });
    }
    for (const bad of ["", "a".repeat(65), "1.0 beta", "版本1", "1/2", "v1+build"]) {
      it(`rejects ${JSON.stringify(bad.length > 20 ? `${bad.length} chars` : bad)}`, () => {
        assert.deepEqual(validateEdgeDriverVersion({ ...valid(), driverVersion: bad }), [
          {
            property: "driverVersion",
            reason: `Expected \`driverVersion\` to be 1–64 characters of letters, digits, _, - and ., got ${JSON.stringify(bad).length > 80 ? `${JSON.stringify(bad).slice(0, 79)}…` : JSON.stringify(bad)}`,
          },
        ]);
      });
    }
  });

  describe("description", () => {
    it("accepts 256 bytes of UTF-8 and rejects 257, counting bytes not characters", () => {
      assert.deepEqual(validateEdgeDriverVersion({ ...valid(), description: "a".repeat(256) }), []);
      assert.deepEqual(reasons({ ...valid(), description: "a".repeat(257) }), ["description: Expected `description` to be at most 256 bytes in UTF-8, got 257 bytes"]);
      // 86 × "é" (2 bytes) = 172 bytes: fine; 86 × "驱" (3 bytes) = 258 bytes: too long though only 86 characters.
      assert.deepEqual(validateEdgeDriverVersion({ ...valid(), description: "é".repeat(86) }), []);
      assert.deepEqual(reasons({ ...valid(), description: "驱".repeat(86) }), ["description: Expected `description` to be at most 256 bytes in UTF-8, got 258 bytes"]);
    });
    it("rejects a non-string", () => {
      assert.deepEqual(reasons({ ...valid(), description: 5 }), ["description: Expected `description` to be a string, got 5"]);
    });
  });

  describe("containerConfig mappings", () => {
    const port = { hostPort: 1, containerPort: 65535, protocol: "udp" };
    const dev = { hostPath: "/dev/ttyS0", permission: "ro" };
    const vol = { hostPath: "/h", containerPath: "/c1", permission: "rw" };
    const withContainer = (c: Record<string, unknown>) => ({ ...valid(), containerConfig: c });

    it("accepts 10 mappings of each kind and rejects 11", () => {
      assert.deepEqual(
        validateEdgeDriverVersion(withContainer({ portMappings: Array(10).fill(port), devMappings: Array(10).fill(dev), volumeMappings: Array(10).fill(vol) })),
        [],
      );
      assert.deepEqual(reasons(withContainer({ portMappings: Array(11).fill(port), devMappings: Array(11).fill(dev), volumeMappings: Array(11).fill(vol) })), [
        "containerConfig.portMappings: Expected `containerConfig.portMappings` to have at most 10 mappings, got 11 mappings",
        "containerConfig.devMappings: Expected `containerConfig.devMappings` to have at most 10 mappings, got 11 mappings",
        "containerConfig.volumeMappings: Expected `containerConfig.volumeMappings` to have at most 10 mappings, got 11 mappings",
      ]);
    });

    it("checks ports 1–65535 (integers) and protocol tcp/udp", () => {
      assert.deepEqual(
        reasons(
          withContainer({
            portMappings: [
              { hostPort: 0, containerPort: 65536, protocol: "TCP" },
              { hostPort: 80.5, containerPort: "80", protocol: "sctp" },
              { containerPort: 80 },
            ],
          }),
        ),
        [
          "containerConfig.portMappings[0].hostPort: Expected `containerConfig.portMappings[0].hostPort` to be an integer from 1 to 65535, got 0",
          "containerConfig.portMappings[0].containerPort: Expected `containerConfig.portMappings[0].containerPort` to be an integer from 1 to 65535, got 65536",
          'containerConfig.portMappings[0].protocol: Expected `containerConfig.portMappings[0].protocol` to be one of tcp, udp, got "TCP"',
          "containerConfig.portMappings[1].hostPort: Expected `containerConfig.portMappings[1].hostPort` to be an integer from 1 to 65535, got 80.5",
          'containerConfig.portMappings[1].containerPort: Expected `containerConfig.portMappings[1].containerPort` to be an integer from 1 to 65535, got "80"',
          'containerConfig.portMappings[1].protocol: Expected `containerConfig.portMappings[1].protocol` to be one of tcp, udp, got "sctp"',
          "containerConfig.portMappings[2].hostPort: Expected `containerConfig.portMappings[2].hostPort` to be an integer from 1 to 65535, got undefined",
          "containerConfig.portMappings[2].protocol: Expected `containerConfig.portMappings[2].protocol` to be one of tcp, udp, got undefined",
        ],
      );
    });

    it("checks device paths (/dev/, 1–128 chars), permissions ro/rw and comments 1–128", () => {
      const long = `/dev/${"x".repeat(124)}`; // 129 characters
      assert.deepEqual(validateEdgeDriverVersion(withContainer({ devMappings: [{ hostPath: long.slice(0, 128), permission: "rw", comment: "c".repeat(128) }] })), []);
      assert.deepEqual(
        reasons(
          withContainer({
            devMappings: [
              { hostPath: "/tmp/ttyS0", permission: "r" },
              { hostPath: long, permission: "rw", comment: "" },
              { hostPath: "/dev/x", permission: "RW", comment: "c".repeat(129) },
            ],
          }),
        ),
        [
          'containerConfig.devMappings[0].hostPath: Expected `containerConfig.devMappings[0].hostPath` to be 1–128 characters starting with /dev/, got "/tmp/ttyS0"',
          'containerConfig.devMappings[0].permission: Expected `containerConfig.devMappings[0].permission` to be one of ro, rw, got "r"',
          `containerConfig.devMappings[1].hostPath: Expected \`containerConfig.devMappings[1].hostPath\` to be 1–128 characters starting with /dev/, got "${long.slice(0, 78)}…`,
          'containerConfig.devMappings[1].comment: Expected `containerConfig.devMappings[1].comment` to be 1–128 characters, got ""',
          'containerConfig.devMappings[2].permission: Expected `containerConfig.devMappings[2].permission` to be one of ro, rw, got "RW"',
          `containerConfig.devMappings[2].comment: Expected \`containerConfig.devMappings[2].comment\` to be 1–128 characters, got "${"c".repeat(78)}…`,
        ],
      );
    });

    it("checks volume host paths (1–128, no spaces) and container paths (absolute, 2–128, no spaces, not /)", () => {
      assert.deepEqual(
        validateEdgeDriverVersion(withContainer({ volumeMappings: [{ hostPath: "h".repeat(128), containerPath: `/${"c".repeat(127)}`, permission: "ro" }] })),
        [],
      );
      assert.deepEqual(
        reasons(
          withContainer({
            volumeMappings: [
              { hostPath: "", containerPath: "/", permission: "ro" },
              { hostPath: "/my data", containerPath: "data", permission: "rw" },
              { hostPath: "h".repeat(129), containerPath: "/my data", permission: "rw" },
              { hostPath: "/h", containerPath: `/${"c".repeat(128)}`, permission: "x" },
            ],
          }),
        ),
        [
          'containerConfig.volumeMappings[0].hostPath: Expected `containerConfig.volumeMappings[0].hostPath` to be 1–128 characters without spaces, got ""',
          'containerConfig.volumeMappings[0].containerPath: Expected `containerConfig.volumeMappings[0].containerPath` to be an absolute path of 2–128 characters without spaces, other than /, got "/"',
          'containerConfig.volumeMappings[1].hostPath: Expected `containerConfig.volumeMappings[1].hostPath` to be 1–128 characters without spaces, got "/my data"',
          'containerConfig.volumeMappings[1].containerPath: Expected `containerConfig.volumeMappings[1].containerPath` to be an absolute path of 2–128 characters without spaces, other than /, got "data"',
          `containerConfig.volumeMappings[2].hostPath: Expected \`containerConfig.volumeMappings[2].hostPath\` to be 1–128 characters without spaces, got "${"h".repeat(78)}…`,
          'containerConfig.volumeMappings[2].containerPath: Expected `containerConfig.volumeMappings[2].containerPath` to be an absolute path of 2–128 characters without spaces, other than /, got "/my data"',
          `containerConfig.volumeMappings[3].containerPath: Expected \`containerConfig.volumeMappings[3].containerPath\` to be an absolute path of 2–128 characters without spaces, other than /, got "/${"c".repeat(77)}…`,
          'containerConfig.volumeMappings[3].permission: Expected `containerConfig.volumeMappings[3].permission` to be one of ro, rw, got "x"',
        ],
      );
    });

    it("checks the switches and the shapes of the lists", () => {
      assert.deepEqual(validateEdgeDriverVersion(withContainer({ privileged: 1, hostNetworkMode: 0 })), []);
      assert.deepEqual(reasons(withContainer({ privileged: "yes", portMappings: { hostPort: 1 }, devMappings: ["/dev/x"] })), [
        'containerConfig.privileged: Expected `containerConfig.privileged` to be true or false (or 0 or 1), got "yes"',
        'containerConfig.portMappings: Expected `containerConfig.portMappings` to be a list of { hostPort, containerPort, protocol }, got {"hostPort":1}',
        'containerConfig.devMappings[0]: Expected `containerConfig.devMappings[0]` to be an object { hostPath, permission, comment? }, got "/dev/x"',
      ]);
    });
  });

  it("checks configuration formats KV / JSON / FILE and the other objects", () => {
    assert.deepEqual(
      reasons({
        ...valid(),
        driverConfig: [{ format: "KV", content: "a=1" }, { format: "FILE", content: "http://oss/x" }, { format: "YAML", content: "a: 1" }, { format: "json" }],
        sourceConfig: { url: "http://x" },
        configCheckRule: { deviceConfig: { required: "no" } },
        released: "true",
      }),
      [
        'sourceConfig.url: Expected `sourceConfig.url` to not be set: `sourceConfig` takes ossAddress, got "http://x"',
        "sourceConfig.ossAddress: Expected `sourceConfig.ossAddress` to be the http(s) URL of the driver code in OSS, got undefined",
        'driverConfig[2].format: Expected `driverConfig[2].format` to be one of KV, JSON, FILE, got "YAML"',
        'driverConfig[3].format: Expected `driverConfig[3].format` to be one of KV, JSON, FILE, got "json"',
        "driverConfig[3].content: Expected `driverConfig[3].content` to be a string, got undefined",
        'configCheckRule.deviceConfig.required: Expected `configCheckRule.deviceConfig.required` to be true or false, got "no"',
        'released: Expected `released` to be true or false, got "true"',
      ],
    );
  });

  it("skips values unknown at preview, at any depth", () => {
    assert.deepEqual(
      validateEdgeDriverVersion({
        driverId: UNKNOWN,
        driverVersion: UNKNOWN,
        edgeVersion: UNKNOWN,
        description: UNKNOWN,
        driverConfig: [UNKNOWN, { format: UNKNOWN, content: UNKNOWN }],
        containerConfig: { privileged: UNKNOWN, portMappings: [{ hostPort: UNKNOWN, containerPort: 80, protocol: UNKNOWN }], devMappings: UNKNOWN },
        sourceConfig: UNKNOWN,
        released: UNKNOWN,
      }),
      [],
    );
  });

  describe("unknown keys, at every level, with their path (nothing is dropped silently)", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["a top-level typo", { descripton: "LED" }, 'descripton: Expected `descripton` to not be set: EdgeDriverVersion takes driverId, iotInstanceId, released, adoptExisting, driverVersion, edgeVersion, argument, description, sourceConfig, driverConfig, configCheckRule and containerConfig, got "LED"'],
      ["containerConfig.portMapping", { containerConfig: { ...valid().containerConfig, portMapping: [] } }, "containerConfig.portMapping: Expected `containerConfig.portMapping` to not be set: `containerConfig` takes privileged, hostNetworkMode, portMappings, devMappings and volumeMappings, got []"],
      ["portMappings[0].x", { containerConfig: { portMappings: [{ hostPort: 1, containerPort: 2, protocol: "tcp", x: 1 }] } }, "containerConfig.portMappings[0].x: Expected `containerConfig.portMappings[0].x` to not be set: `containerConfig.portMappings[0]` takes hostPort, containerPort and protocol, got 1"],
      ["devMappings[0].mode", { containerConfig: { devMappings: [{ hostPath: "/dev/x", permission: "ro", mode: "a" }] } }, 'containerConfig.devMappings[0].mode: Expected `containerConfig.devMappings[0].mode` to not be set: `containerConfig.devMappings[0]` takes hostPath, permission and comment, got "a"'],
      ["volumeMappings[0].readonly", { containerConfig: { volumeMappings: [{ hostPath: "/h", containerPath: "/c1", permission: "ro", readonly: true }] } }, "containerConfig.volumeMappings[0].readonly: Expected `containerConfig.volumeMappings[0].readonly` to not be set: `containerConfig.volumeMappings[0]` takes hostPath, containerPath and permission, got true"],
      ["driverConfig[0].x", { driverConfig: [{ format: "KV", content: "a=1", x: 1 }] }, "driverConfig[0].x: Expected `driverConfig[0].x` to not be set: `driverConfig[0]` takes format and content, got 1"],
      ["configCheckRule.deviceConfig.optional", { configCheckRule: { deviceConfig: { required: true, optional: false } } }, "configCheckRule.deviceConfig.optional: Expected `configCheckRule.deviceConfig.optional` to not be set: `configCheckRule.deviceConfig` takes required, got false"],
    ];
    for (const [name, patch, expected] of cases) {
      it(`rejects ${name}`, () => assert.deepEqual(reasons({ ...valid(), ...patch }), [expected]));
    }
  });

  describe("rules the emulator enforces, now at preview too (one rule module)", () => {
    const json = (bytes: number) => JSON.stringify({ a: "x".repeat(bytes - 8) }); // {"a":"…"} is 8 bytes + the x's
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["edgeVersion latest", { edgeVersion: "latest" }, ['edgeVersion: Expected `edgeVersion` to be a Link IoT Edge version of three numbers such as 2.0.0, got "latest"']],
      ["edgeVersion 2.0", { edgeVersion: "2.0" }, ['edgeVersion: Expected `edgeVersion` to be a Link IoT Edge version of three numbers such as 2.0.0, got "2.0"']],
      ["JSON content of 1,024 bytes", { driverConfig: [{ format: "JSON", content: json(1024) }] }, []],
      ["JSON content of 1,025 bytes", { driverConfig: [{ format: "JSON", content: json(1025) }] }, ["driverConfig[0].content: Expected `driverConfig[0].content` to be at most 1024 bytes for format JSON, got 1025 bytes"]],
      ["JSON content that is not JSON", { driverConfig: [{ format: "JSON", content: "{oops" }] }, ['driverConfig[0].content: Expected `driverConfig[0].content` to be JSON text for format JSON, got "{oops"']],
      ["KV content of 101 pairs", { driverConfig: [{ format: "KV", content: JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, "v"]))) }] }, ["driverConfig[0].content: Expected `driverConfig[0].content` to have at most 100 key-value pairs for format KV, got 101 pairs"]],
      ["FILE content empty", { driverConfig: [{ format: "FILE", content: "" }] }, ['driverConfig[0].content: Expected `driverConfig[0].content` to be the OSS address of the configuration file for format FILE, got ""']],
      ["ossAddress not a URL", { sourceConfig: { ossAddress: "oss://bucket/x.zip" } }, ['sourceConfig.ossAddress: Expected `sourceConfig.ossAddress` to be the http(s) URL of the driver code in OSS, got "oss://bucket/x.zip"']],
    ];
    for (const [name, patch, expected] of cases) {
      it(`${expected.length ? "rejects" : "accepts"} ${name}`, () => assert.deepEqual(reasons({ ...valid(), ...patch }), expected));
    }
  });
});
