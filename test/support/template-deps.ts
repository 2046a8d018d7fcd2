/** The create-order edges of a CloudFormation template (DependsOn, Ref, GetAtt), for deploy- and delete-order models. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Resources = Record<string, { Type: string; DependsOn?: string | string[]; Properties?: any }>;

function refs(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else refs(v, out);
    }
  }
}

/**
 * Everything `id` waits for on create, transitively; CloudFormation deletes these only after `id`
 * (they outlive it on delete).
 */
export function dependencyClosure(resources: Resources, id: string): Set<string> {
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length > 0) {
    const r = resources[todo.pop()!];
    if (!r) continue;
    const direct = new Set<string>([r.DependsOn ?? []].flat());
    refs(r.Properties, direct);
    for (const d of direct) if (!seen.has(d) && resources[d]) { seen.add(d); todo.push(d); }
  }
  return seen;
}
