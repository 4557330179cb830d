// The demo fleet `npm start` deploys (see README). It grows as resources land.
"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");

const cfg = new pulumi.Config();
const probe = new iot.Echo("probe", { value: cfg.get("greeting") || "hello from pulumi-alicloud-iot" });

exports.greeting = probe.value;
