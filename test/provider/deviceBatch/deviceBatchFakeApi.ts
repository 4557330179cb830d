/**
 * An in-memory stand-in for the device-registration actions, for unit tests of the flows in
 * provider/deviceBatch/api/ (the emulator is exercised by the provider tests and test/engine/). It records every
 * call, answers in the documented shapes (IoT Platform API reference of each action), and lets a test script faults and delays.
 */
import { IotApiError } from "../../../provider/errors/IotApiError";
import { FakeClock } from "../../helpers/FakeClock";

export interface FakeCall {
  readonly action: string;
  readonly params: Record<string, any>;
}

interface Apply {
  names: { name: string; nickname?: string }[];
  status: string;
  invalid: Map<string, string>;
  /** Status queries left before CHECK/CREATE settles. */
  pollsLeft: number;
}

/** The clock of these flows' tests: starts at 0, and each sleep moves it forward at once (the flows wait alone). */
export const instantClock = (): FakeClock => new FakeClock(0, { sleepAdvances: true });

export class FakeDeviceApi {
  readonly calls: FakeCall[] = [];
  readonly devices = new Map<string, { iotId: string; secret: string; nickname?: string }>();
  readonly applies = new Map<number, Apply>();
  private nextApplyId = 100;
  private nextIot = 1;
  /** Names the check rejects, with a reason. */
  readonly invalidNames = new Map<string, string>();
  /** Status queries before a CHECK or CREATE settles. */
  pollsPerPhase = 1;
  /** Throw this error from the given action after `after` successful calls of it. */
  faults: { action: string; after: number; error: Error; count?: number }[] = [];
  /** Status queries before CREATE settles, per ApplyId (else pollsPerPhase). */
  readonly createPolls = new Map<number, number>();
  /** ApplyIds whose CREATE never finishes. */
  readonly stuck = new Set<number>();

  callsOf(action: string): FakeCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  async call<T = any>(action: string, params: Record<string, any> = {}): Promise<T> {
    // Index of this call among calls of its action, taken before yielding to concurrent callers.
    const done = this.calls.filter((c) => c.action === action).length;
    this.calls.push({ action, params });
    await Promise.resolve();
    for (const f of this.faults) {
      if (f.action === action && done >= f.after && (f.count === undefined || done < f.after + f.count)) throw f.error;
    }
    return this.handle(action, params) as T;
  }

  private handle(action: string, p: Record<string, any>): unknown {
    switch (action) {
      case "BatchCheckDeviceNames": {
        const names = (p.DeviceNameList as { DeviceName: string; DeviceNickname?: string }[]).map((d) => ({ name: d.DeviceName, nickname: d.DeviceNickname }));
        const invalid = new Map<string, string>();
        for (const n of names) {
          if (this.invalidNames.has(n.name)) invalid.set(n.name, this.invalidNames.get(n.name) as string);
          else if (this.devices.has(n.name)) invalid.set(n.name, "The device name already exists.");
        }
        const applyId = this.nextApplyId++;
        this.applies.set(applyId, { names, status: "CHECK", invalid, pollsLeft: this.pollsPerPhase });
        return { Success: true, Data: { ApplyId: applyId } };
      }
      case "QueryBatchRegisterDeviceStatus": {
        const a = this.applies.get(p.ApplyId);
        if (!a) throw business(action, "iot.device.DeviceApplyIsNotFound");
        if ((a.status === "CHECK" || a.status === "CREATE") && !this.stuck.has(p.ApplyId) && --a.pollsLeft <= 0) {
          if (a.status === "CHECK") a.status = a.invalid.size > 0 ? "CHECK_FAILED" : "CHECK_SUCCESS";
          else {
            a.status = "CREATE_SUCCESS";
            for (const n of a.names) {
              const iotId = `iot${String(this.nextIot++).padStart(6, "0")}`;
              this.devices.set(n.name, { iotId, secret: `secret-${n.name}`, nickname: n.nickname });
            }
          }
        }
        const failed = a.status.endsWith("FAILED");
        return {
          Success: true,
          Data: {
            Status: a.status,
            ValidList: { Name: [] },
            InvalidList: { Name: failed ? [...a.invalid.keys()] : [] },
            InvalidDetailList: failed ? [...a.invalid].map(([DeviceName, ErrorMsg]) => ({ DeviceName, ErrorMsg })) : [],
          },
        };
      }
      case "BatchRegisterDeviceWithApplyId": {
        const a = this.applies.get(p.ApplyId);
        if (!a || a.status !== "CHECK_SUCCESS") throw business(action, "iot.device.IncorrentDeviceApplyInfo");
        a.status = "CREATE";
        a.pollsLeft = this.createPolls.get(p.ApplyId) ?? this.pollsPerPhase;
        return { Success: true, Data: { ApplyId: p.ApplyId } };
      }
      case "QueryPageByApplyId": {
        const a = this.applies.get(p.ApplyId);
        if (!a) throw business(action, "iot.device.DeviceApplyIsNotFound");
        const size = p.PageSize as number;
        const page = p.CurrentPage as number;
        const created = a.status === "CREATE_SUCCESS" ? a.names : [];
        const slice = created.slice((page - 1) * size, page * size);
        return {
          Success: true,
          Page: page,
          PageSize: size,
          PageCount: Math.ceil(created.length / size),
          Total: created.length,
          ApplyDeviceList: {
            ApplyDeviceInfo: slice.map((n) => {
              const d = this.devices.get(n.name)!;
              return { DeviceId: "x", DeviceName: n.name, DeviceSecret: d.secret, IotId: d.iotId };
            }),
          },
        };
      }
      case "BatchQueryDeviceDetail": {
        const out = (p.DeviceName as string[]).flatMap((name) => {
          const d = this.devices.get(name);
          return d ? [{ DeviceName: name, IotId: d.iotId, DeviceSecret: d.secret, Nickname: d.nickname }] : [];
        });
        return { Success: true, Data: { Data: out } };
      }
      case "DeleteDevice": {
        const entry = [...this.devices].find(([name, d]) => (p.IotId ? d.iotId === p.IotId : name === p.DeviceName));
        if (!entry) throw business(action, "iot.device.NotExistedDevice");
        this.devices.delete(entry[0]);
        return { Success: true };
      }
      case "BatchUpdateDeviceNickname": {
        for (const item of p.DeviceNicknameInfo as { IotId: string; Nickname?: string }[]) {
          for (const d of this.devices.values()) if (d.iotId === item.IotId) d.nickname = item.Nickname;
        }
        return { Success: true };
      }
      default:
        throw new Error(`fake API: unexpected action ${action}`);
    }
  }
}

export function business(action: string, code: string): IotApiError {
  return new IotApiError({ action, code, apiMessage: code, kind: "business", httpStatus: 200 });
}

export function gateway(action: string, code: string, httpStatus: number): IotApiError {
  return new IotApiError({ action, code, apiMessage: code, kind: "gateway", httpStatus });
}

/** `n` device names `<prefix>-000001`… */
export function names(n: number, prefix = "lamp", from = 1): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(from + i).padStart(6, "0")}`);
}
