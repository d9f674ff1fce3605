// Named schemas for /openapi.json's components.schemas. Client generators turn each named schema
// into one type, so request and response bodies are registered here and referenced by $ref.
// A schema is named by its `$id` or `title`; nested schemas that carry one are hoisted too, so a
// conversation has one type whether it arrives in a list, an answer or an event.

type Json = unknown;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** the name a schema asks for ($id first: TypeBox uses it for shared schemas), or undefined */
export function nameOf(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  const n = schema['$id'] ?? schema['title'];
  return typeof n === 'string' && /^[A-Za-z0-9._-]+$/.test(n) ? n : undefined;
}

export class SchemaRegistry {
  readonly schemas: Record<string, Json> = {};

  /** stores `schema` under `name` (its own name wins) and returns a $ref to it */
  ref(schema: unknown, name: string): { $ref: string } {
    const chosen = nameOf(schema) ?? name;
    this.put(chosen, this.emit(schema, true));
    return { $ref: `#/components/schemas/${chosen}` };
  }

  put(name: string, emitted: Json): void {
    const existing = this.schemas[name];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(emitted)) {
      // two different shapes under one name would give a generated client the wrong type
      throw new Error(`openapi: two different schemas are named ${name}; give one of them another title`);
    }
    this.schemas[name] = emitted;
  }

  /** a plain JSON copy (TypeBox's symbol keys dropped), with named sub-schemas replaced by $refs */
  private emit(value: unknown, root: boolean): Json {
    if (Array.isArray(value)) return value.map((v) => this.emit(v, false));
    if (!isRecord(value)) return value;
    const name = root ? undefined : nameOf(value);
    if (name !== undefined && ('type' in value || 'anyOf' in value || 'allOf' in value)) {
      this.put(name, this.emit(value, true));
      return { $ref: `#/components/schemas/${name}` };
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      // $id would re-base $refs inside the schema; the component name replaces it
      if (k === '$id') continue;
      out[k] = k === 'properties' && isRecord(v) ? this.emitProperties(v) : this.emit(v, false);
    }
    return out;
  }

  private emitProperties(props: Record<string, unknown>): Json {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(props)) out[k] = this.emit(v, false);
    return out;
  }
}

/** `postApiKey` → `PostApiKey` */
export function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
