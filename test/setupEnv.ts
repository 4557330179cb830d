// Loaded by mocha before any test (.mocharc.json). Tests talk to loopback only: the credential
// chain's ECS step would ask the instance-metadata address, so it is off in this process and in
// every child (the engine tests' CLI and provider processes inherit the environment).
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
