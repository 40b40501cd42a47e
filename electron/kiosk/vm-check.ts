/**
 * Whether the station runs inside a virtual machine, the way Safe Exam Browser tells: the
 * firmware's system, board and BIOS maker and model strings, the network cards' maker prefixes
 * and the processor's name and hypervisor flag. A VM lets a second person watch or drive the
 * interview from the host. It is looked at once (the answer does not change while the station
 * runs) and acted on as IT set it (`kiosk.virtualMachine`): `block` refuses session start with a
 * line for staff; `flag` (the default: many stations run on VDI, and CI itself is a VM) records
 * a `virtual_machine` event on every session that starts; `ignore` does neither.
 * Reasons are plain words and never carry serial numbers or addresses.
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { ConditionEvents, type RunningSessionClock } from './condition-events';
import type { EnvironmentPolicy } from './remote-tool-watch';

/** The slice of `systeminformation` this check reads; tests fake it only here. */
export interface SystemInfoSource {
  system(): Promise<{
    manufacturer: string;
    model: string;
    virtual?: boolean;
    virtualHost?: string;
  }>;
  bios(): Promise<{ vendor: string; version?: string }>;
  baseboard(): Promise<{ manufacturer: string; model: string }>;
  cpu(): Promise<{ manufacturer: string; brand: string; flags?: string }>;
  networkInterfaces(): Promise<{ mac: string; virtual?: boolean }[] | { mac: string }>;
}

export interface VmResult {
  virtual: boolean;
  reasons: string[];
}

/** Maker and model strings real hypervisors put in DMI/BIOS, with the product they name. */
const FIRMWARE_SIGNS: [RegExp, string][] = [
  [/vmware/i, 'VMware'],
  [/virtualbox|innotek/i, 'VirtualBox'],
  [/qemu|standard pc \((q35|i440fx)/i, 'QEMU'],
  [/\bkvm\b/i, 'KVM'],
  [/\bxen\b|hvm domu/i, 'Xen'],
  [/hyper-v|^virtual machine$/i, 'Hyper-V'],
  [/parallels/i, 'Parallels'],
  [/bochs/i, 'Bochs'],
  [/amazon ec2/i, 'Amazon EC2'],
  [/google compute engine|^google$/i, 'Google Compute Engine'],
  [/openstack/i, 'OpenStack'],
  [/digitalocean|droplet/i, 'DigitalOcean'],
  [/seabios/i, 'QEMU'],
];

/** Network card maker prefixes (OUI) hypervisors give their virtual cards. */
const MAC_PREFIXES: [string, string][] = [
  ['00:05:69', 'VMware'],
  ['00:0c:29', 'VMware'],
  ['00:1c:14', 'VMware'],
  ['00:50:56', 'VMware'],
  ['08:00:27', 'VirtualBox'],
  ['00:1c:42', 'Parallels'],
  ['00:16:3e', 'Xen'],
  ['00:15:5d', 'Hyper-V'],
  ['52:54:00', 'QEMU'],
];

const CPU_SIGNS: [RegExp, string][] = [
  [/qemu virtual cpu|common kvm processor/i, 'QEMU'],
  [/virtual cpu/i, 'a virtual'],
];

function firmwareProduct(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  for (const [pattern, product] of FIRMWARE_SIGNS) if (pattern.test(trimmed)) return product;
  return null;
}

/** Reads what it can; a part that cannot be read is left out rather than failing the whole. */
export async function detectVirtualMachine(si: SystemInfoSource): Promise<VmResult> {
  const reasons: string[] = [];
  const add = (reason: string) => {
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  const safe = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch {
      return null;
    }
  };
  const [system, bios, board, cpu, nics] = await Promise.all([
    safe(() => si.system()),
    safe(() => si.bios()),
    safe(() => si.baseboard()),
    safe(() => si.cpu()),
    safe(() => si.networkInterfaces()),
  ]);
  const firmware: [string, string | undefined][] = [
    ['system maker', system?.manufacturer],
    ['system model', system?.model],
    ['BIOS maker', bios?.vendor],
    ['BIOS version', bios?.version],
    ['board maker', board?.manufacturer],
    ['board model', board?.model],
  ];
  // Microsoft makes real Surface laptops too: only its "Virtual Machine" model is Hyper-V.
  for (const [where, value] of firmware) {
    const product = firmwareProduct(value ?? '');
    if (product) add(`The ${where} names ${product}.`);
  }
  if (system?.virtual) add('The system reports it runs virtualised.');
  if (cpu) {
    for (const [pattern, product] of CPU_SIGNS) {
      if (pattern.test(cpu.brand)) {
        add(`The processor is ${product} processor.`);
        break;
      }
    }
    if (/(^|\s)hypervisor(\s|$)/.test(cpu.flags ?? '')) add('The processor reports a hypervisor.');
  }
  const cards = nics ? (Array.isArray(nics) ? nics : [nics]) : [];
  for (const card of cards) {
    const prefix = (card.mac ?? '').toLowerCase().replace(/-/g, ':').slice(0, 8);
    const found = MAC_PREFIXES.find(([p]) => p === prefix);
    if (found) add(`A network card is a ${found[1]} virtual card.`);
  }
  return { virtual: reasons.length > 0, reasons };
}

export interface VmWatchParts {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  policy: () => EnvironmentPolicy;
  detect: () => Promise<VmResult>;
  running: () => RunningSessionClock[];
}

export interface VmState {
  policy: EnvironmentPolicy;
  /** Null until the one look has finished. */
  result: VmResult | null;
}

export class VmWatch {
  private result: VmResult | null = null;
  private readonly conditions: ConditionEvents;

  constructor(private readonly parts: VmWatchParts) {
    this.conditions = new ConditionEvents(parts.db, parts.clock);
  }

  /** Looks once and caches the answer; never throws (started without awaiting). */
  async check(): Promise<VmResult> {
    if (this.result) return this.result;
    try {
      this.result = await this.parts.detect();
    } catch {
      this.result = { virtual: false, reasons: [] };
    }
    if (this.result.virtual) {
      this.parts.log('environment: this station runs in a virtual machine.');
    }
    this.refresh();
    return this.result;
  }

  state(): VmState {
    return { policy: this.parts.policy(), result: this.result };
  }

  /** Called on the environment check's beat: a session started since gets its event. */
  refresh(): void {
    const holding =
      this.result?.virtual && this.parts.policy() !== 'ignore'
        ? [
            {
              key: 'virtual_machine',
              type: 'virtual_machine' as const,
              sinceStart: true,
              details: { reasons: this.result.reasons },
            },
          ]
        : [];
    this.conditions.update(holding, this.parts.running());
  }

  requireClear(): void {
    if (this.parts.policy() !== 'block' || !this.result?.virtual) return;
    throw new StationError(
      'PRECONDITION_FAILED',
      'The interview cannot start because this station runs in a virtual machine. Please ask a member of staff.',
    );
  }
}
