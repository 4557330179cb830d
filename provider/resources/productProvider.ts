// Compatibility shim: state written before the per-resource layout (main after 0.1.0) stores require("pulumi-alicloud-iot/dist/provider/resources/productProvider.js")
// in __provider, so refresh, update and destroy of that state load this path. Keep it.
export * from "../product/productProvider";
