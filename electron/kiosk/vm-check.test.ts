import { eq } from 'drizzle-orm';
import si from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import type { EnvironmentPolicy } from './remote-tool-watch';
import { detectVirtualMachine, VmWatch, type SystemInfoSource } from './vm-check';

/** A fake of systeminformation's shape, with the strings a real machine of each kind reports. */
function machine(parts: {
  manufacturer: string;
  model: string;
  bios?: string;
  board?: string;
  cpu?: string;
  flags?: string;
  mac?: string;
}): SystemInfoSource {
  return {
    system: () => Promise.resolve({ manufacturer: parts.manufacturer, model: parts.model }),
    bios: () => Promise.resolve({ vendor: parts.bios ?? 'American Megatrends Inc.' }),
    baseboard: () => Promise.resolve({ manufacturer: parts.board ?? '', model: '' }),
    cpu: () =>
      Promise.resolve({
        manufacturer: 'Intel',
        brand: parts.cpu ?? 'Core™ i7-1185G7',
        flags: parts.flags ?? 'fpu vme de pse',
      }),
    networkInterfaces: () => Promise.resolve([{ mac: parts.mac ?? 'a4:bb:6d:12:34:56' }]),
  };
}

describe('the virtual machine check', () => {
  it('finds QEMU, VirtualBox, VMware and Hyper-V by their firmware strings', async () => {
    const qemu = await detectVirtualMachine(
      machine({ manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)', bios: 'SeaBIOS' }),
    );
    expect(qemu.virtual).toBe(true);
    expect(qemu.reasons).toContain('The system model names QEMU.');
    const vbox = await detectVirtualMachine(
      machine({ manufacturer: 'innotek GmbH', model: 'VirtualBox', bios: 'innotek GmbH' }),
    );
    expect(vbox.reasons).toContain('The system maker names VirtualBox.');
    const vmware = await detectVirtualMachine(
      machine({ manufacturer: 'VMware, Inc.', model: 'VMware Virtual Platform' }),
    );
    expect(vmware.reasons).toContain('The system model names VMware.');
    const hyperv = await detectVirtualMachine(
      machine({ manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' }),
    );
    expect(hyperv.reasons).toEqual(['The system model names Hyper-V.']);
  });

  it('does not flag a real laptop, even a Microsoft one', async () => {
    const surface = await detectVirtualMachine(
      machine({ manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 4' }),
    );
    expect(surface).toEqual({ virtual: false, reasons: [] });
    const dell = await detectVirtualMachine(
      machine({ manufacturer: 'Dell Inc.', model: 'Latitude 7420', bios: 'Dell Inc.' }),
    );
    expect(dell).toEqual({ virtual: false, reasons: [] });
  });

  it('finds a virtual network card and a hypervisor CPU without naming the address', async () => {
    const result = await detectVirtualMachine(
      machine({
        manufacturer: 'Dell Inc.',
        model: 'Latitude 7420',
        mac: '08:00:27:ab:cd:ef',
        cpu: 'QEMU Virtual CPU version 2.5+',
        flags: 'fpu vme hypervisor lahf_lm',
      }),
    );
    expect(result.virtual).toBe(true);
    expect(result.reasons).toEqual([
      'The processor is QEMU processor.',
      'The processor reports a hypervisor.',
      'A network card is a VirtualBox virtual card.',
    ]);
    expect(result.reasons.join(' ')).not.toContain('ab:cd');
  });

  it('returns a well-formed result on this machine without throwing', async () => {
    const result = await detectVirtualMachine(si);
    expect(typeof result.virtual).toBe('boolean');
    expect(result.virtual).toBe(result.reasons.length > 0);
    for (const reason of result.reasons) expect(reason).toMatch(/^[A-Z].*\.$/);
  }, 30_000);
});

function harness(policy: EnvironmentPolicy, virtual: boolean) {
  const db = createTestDb();
  const sessionId = seedTestSession(db, 1_000);
  let detections = 0;
  const state = { policy, running: [] as { sessionId: number; startedAt: number }[] };
  const watch = new VmWatch({
    db,
    clock: { now: () => 4_000 },
    log: () => undefined,
    policy: () => state.policy,
    detect: () => {
      detections += 1;
      return Promise.resolve({ virtual, reasons: virtual ? ['The system model names QEMU.'] : [] });
    },
    running: () => state.running,
  });
  const sessionEvents = () => db.select().from(events).where(eq(events.sessionId, sessionId)).all();
  return { watch, state, sessionEvents, sessionId, detections: () => detections };
}

describe('the virtual machine watch', () => {
  it('flags a session that starts on a VM, looking only once', async () => {
    const h = harness('flag', true);
    await h.watch.check();
    await h.watch.check();
    expect(h.detections()).toBe(1);
    expect(h.sessionEvents()).toEqual([]);
    h.state.running = [{ sessionId: h.sessionId, startedAt: 1_000 }];
    h.watch.refresh();
    h.watch.refresh();
    expect(h.sessionEvents()).toMatchObject([
      {
        type: 'virtual_machine',
        // Seen 3 s in, but the machine was virtual all along.
        startMs: 0,
        details: { reasons: ['The system model names QEMU.'] },
      },
    ]);
    expect(() => h.watch.requireClear()).not.toThrow();
  });

  it('refuses start with a staff line when IT set block', async () => {
    const h = harness('block', true);
    await h.watch.check();
    expect(() => h.watch.requireClear()).toThrow(
      'The interview cannot start because this station runs in a virtual machine. Please ask a member of staff.',
    );
  });

  it('records nothing when ignored or on real hardware', async () => {
    for (const [policy, virtual] of [
      ['ignore', true],
      ['block', false],
    ] as const) {
      const h = harness(policy, virtual);
      await h.watch.check();
      h.state.running = [{ sessionId: h.sessionId, startedAt: 1_000 }];
      h.watch.refresh();
      expect(h.sessionEvents()).toEqual([]);
      expect(() => h.watch.requireClear()).not.toThrow();
    }
  });
});
