import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/** Parses a CPU quantity (`250m`, `0.5`, `2`) into millicores; throws naming the field. */
export function cpuMillis(value: string, field: string): number {
  const milli = /^(\d+)m$/.exec(value);
  if (milli) return Number(milli[1]);
  if (/^\d+(\.\d{1,3})?$/.test(value)) return Math.round(Number(value) * 1000);
  throw new Error(`${field}: '${value}' is not a CPU quantity. Use millicores ('250m') or cores ('0.5', '2').`);
}

const MEMORY_UNITS: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024 };

/** Parses a memory quantity (`512Mi`, `1Gi`, `65536Ki`) into MiB; throws naming the field. */
export function memoryMebibytes(value: string, field: string): number {
  const m = /^(\d+)(Ki|Mi|Gi)$/.exec(value);
  if (!m) throw new Error(`${field}: '${value}' is not a memory quantity. Use binary units ('512Mi', '1Gi').`);
  return Number(m[1]) * MEMORY_UNITS[m[2]];
}

/** cdk8s-plus `Cpu` of a quantity. */
export function toCpu(value: string, field: string): kplus.Cpu {
  return kplus.Cpu.millis(cpuMillis(value, field));
}

/** cdk8s `Size` of a quantity (whole MiB or GiB are kept as written). */
export function toSize(value: string, field: string): Size {
  const mib = memoryMebibytes(value, field);
  if (value.endsWith('Gi')) return Size.gibibytes(mib / 1024);
  if (Number.isInteger(mib)) return Size.mebibytes(mib);
  return Size.kibibytes(mib * 1024);
}
