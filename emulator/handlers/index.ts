import type { Handler } from "./context";
import * as devices from "./devices";
import * as edgeDrivers from "./edgeDrivers";
import * as invoke from "./invoke";
import * as products from "./products";
import * as thingModel from "./thingModel";
import * as topology from "./topology";

/**
 * Every API Action the emulator implements, with its handler. `edge` actions (Link IoT Edge
 * drivers) answer success with `Code: "Success"` (IoT Platform API reference: CreateEdgeDriver examples); the others omit Code on success.
 * An Action not listed here is answered with InvalidAction.NotFound.
 */
export interface ActionSpec {
  readonly handler: Handler;
  readonly edge: boolean;
}

const plain = (handler: Handler): ActionSpec => ({ handler, edge: false });
const edge = (handler: Handler): ActionSpec => ({ handler, edge: true });

export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  CreateProduct: plain(products.CreateProduct),
  QueryProduct: plain(products.QueryProduct),
  QueryProductList: plain(products.QueryProductList),
  UpdateProduct: plain(products.UpdateProduct),
  DeleteProduct: plain(products.DeleteProduct),
  ImportThingModelTsl: plain(thingModel.ImportThingModelTsl),
  PublishThingModel: plain(thingModel.PublishThingModel),
  GetThingModelTsl: plain(thingModel.GetThingModelTsl),
  GetThingModelTslPublished: plain(thingModel.GetThingModelTslPublished),

  CreateEdgeDriver: edge(edgeDrivers.CreateEdgeDriver),
  QueryEdgeDriver: edge(edgeDrivers.QueryEdgeDriver),
  BatchGetEdgeDriver: edge(edgeDrivers.BatchGetEdgeDriver),
  DeleteEdgeDriver: edge(edgeDrivers.DeleteEdgeDriver),
  CreateEdgeDriverVersion: edge(edgeDrivers.CreateEdgeDriverVersion),
  UpdateEdgeDriverVersion: edge(edgeDrivers.UpdateEdgeDriverVersion),
  GetEdgeDriverVersion: edge(edgeDrivers.GetEdgeDriverVersion),
  QueryEdgeDriverVersion: edge(edgeDrivers.QueryEdgeDriverVersion),
  DeleteEdgeDriverVersion: edge(edgeDrivers.DeleteEdgeDriverVersion),
  ReleaseEdgeDriverVersion: edge(edgeDrivers.ReleaseEdgeDriverVersion),

  BatchCheckDeviceNames: plain(devices.BatchCheckDeviceNames),
  QueryBatchRegisterDeviceStatus: plain(devices.QueryBatchRegisterDeviceStatus),
  BatchRegisterDeviceWithApplyId: plain(devices.BatchRegisterDeviceWithApplyId),
  QueryPageByApplyId: plain(devices.QueryPageByApplyId),
  BatchRegisterDevice: plain(devices.BatchRegisterDevice),
  DeleteDevice: plain(devices.DeleteDevice),
  BatchUpdateDeviceNickname: plain(devices.BatchUpdateDeviceNickname),
  BatchQueryDeviceDetail: plain(devices.BatchQueryDeviceDetail),
  QueryDeviceDetail: plain(devices.QueryDeviceDetail),
  QueryDevice: plain(devices.QueryDevice),

  BatchAddThingTopo: plain(topology.BatchAddThingTopo),
  GetThingTopo: plain(topology.GetThingTopo),
  RemoveThingTopo: plain(topology.RemoveThingTopo),

  InvokeThingsService: plain(invoke.InvokeThingsService),
};

export const isKnownAction = (action: string): boolean => Object.prototype.hasOwnProperty.call(ACTIONS, action);
