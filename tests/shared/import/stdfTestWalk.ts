/** Issue #13 §1 oracle shared by the import and drill-down tests: per-test counts from a raw STDF record walk. */
/** Per test ("kind|number|name|pin"): results inside a part, how many are not measurements, and FTR fails. */
export interface WalkedTest {
  n: number;
  invalid: number;
  fails: number;
}

/**
 * Issue #13 §1 oracle: a raw record walk that decodes only what identifies a test (TEST_NUM, TEST_TXT, MPR
 * result count) and its flags. A PTR with an empty TEST_TXT belongs to the first name of its number; an MPR
 * result belongs to its pin (position in RTN_RSLT). A result is not a measurement when TEST_FLG bit 1 or 4 is
 * set, when it is NaN, or when its magnitude reaches 1e10 (tester sentinels such as -1e11 or 9.9e37).
 */
export function walkTests(bytes: Uint8Array): Map<string, WalkedTest> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = !(bytes[0] === 0 && bytes[1] === 2);
  const decoder = new TextDecoder();
  const text = (at: number): [string, number] => {
    const length = bytes[at] ?? 0;
    return [decoder.decode(bytes.subarray(at + 1, at + 1 + length)), at + 1 + length];
  };
  const open = new Map<string, { key: string; invalid: boolean; fail: boolean }[]>();
  const firstPtrName = new Map<number, string>();
  const tests = new Map<string, WalkedTest>();
  for (let position = 0; position + 4 <= bytes.length; ) {
    const length = view.getUint16(position, little);
    const kind = `${bytes[position + 2]}/${bytes[position + 3]}`;
    const body = position + 4;
    const end = body + length;
    position = end;
    const slot = `${bytes[body]}/${bytes[body + 1]}`;
    if (kind === '5/10') open.set(slot, []);
    else if (kind === '5/20') {
      for (const result of open.get(slot) ?? []) {
        const entry = tests.get(result.key) ?? { n: 0, invalid: 0, fails: 0 };
        entry.n++;
        if (result.invalid) entry.invalid++;
        else if (result.fail) entry.fails++;
        tests.set(result.key, entry);
      }
      open.delete(slot);
    } else if (kind === '15/10' || kind === '15/15' || kind === '15/20') {
      const number = view.getUint32(body, little);
      const part = open.get(`${bytes[body + 4]}/${bytes[body + 5]}`);
      const flags = bytes[body + 6] ?? 0;
      const flagged = (flags & 0x12) !== 0;
      const unmeasured = (value: number): boolean => flagged || !Number.isFinite(value) || Math.abs(value) >= 1e10;
      if (kind === '15/10') {
        const value = view.getFloat32(body + 8, little);
        let [name] = body + 12 < end ? text(body + 12) : [''];
        if (name === '') name = firstPtrName.get(number) ?? '';
        else if (!firstPtrName.has(number)) firstPtrName.set(number, name);
        part?.push({ key: `PTR|${number}|${name}|`, invalid: unmeasured(value), fail: false });
      } else if (kind === '15/15') {
        const returned = view.getUint16(body + 8, little);
        const count = view.getUint16(body + 10, little);
        const values = body + 12 + Math.ceil(returned / 2);
        const [name] = values + 4 * count < end ? text(values + 4 * count) : [''];
        if (count === 0) part?.push({ key: `MPR|${number}|${name}|0`, invalid: true, fail: false });
        for (let pin = 0; pin < count; pin++) part?.push({ key: `MPR|${number}|${name}|${pin}`, invalid: unmeasured(view.getFloat32(values + 4 * pin, little)), fail: false });
      } else {
        let at = body + 38;
        const returned = view.getUint16(at - 4, little);
        const programmed = view.getUint16(at - 2, little);
        at += returned * 2 + Math.ceil(returned / 2) + programmed * 2 + Math.ceil(programmed / 2);
        at += 2 + Math.ceil(view.getUint16(at, little) / 8); // FAIL_PIN
        for (let skip = 0; skip < 3; skip++) at = text(at)[1]; // VECT_NAM, TIME_SET, OP_CODE
        const [name] = at < end ? text(at) : [''];
        part?.push({ key: `FTR|${number}|${name}|`, invalid: flagged, fail: (flags & 0x80) !== 0 });
      }
    }
  }
  return tests;
}
