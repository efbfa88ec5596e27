/**
 * Walks an OpenAPI document (every operation's parameters, bodies and responses, and every component) and lists the
 * places where it is not the exact contract: a schema that admits anything (`{}`, what z.unknown() and z.any()
 * become), an object open to any key (`additionalProperties: true`, unless its component is named in `allowOpen`),
 * and a response field whose name says it holds a vocabulary (status, role, kind, type, category, currency, code, or
 * a name ending in Status, Kind or Type) typed as free text: a string with no enum, const, pattern or format.
 */
type TSchema = Record<string, unknown>;
type TDoc = {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, TSchema> };
};

const VOCABULARY = /^(status|role|kind|type|category|currency|code)$|[a-z](Status|Kind|Type)$/;
/** Keys that say nothing about the value: a schema made only of these admits anything. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'externalDocs',
]);

export function lintOpenApi(doc: unknown, allowOpen: string[] = []): string[] {
  const { paths, components: { schemas: components = {} } = {} } = doc as TDoc;
  const found: string[] = [];
  const resolve = (s: TSchema): TSchema => {
    const ref = s.$ref;
    if (typeof ref !== 'string') return s;
    return components[ref.replace('#/components/schemas/', '')] ?? s;
  };
  const isFreeText = (s: TSchema): boolean => {
    const r = resolve(s);
    if (r.enum || r.const !== undefined || r.pattern || r.format) return false;
    for (const key of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(r[key]))
        return (r[key] as TSchema[]).some((m) => resolve(m).type !== 'null' && isFreeText(m));
    return r.type === 'string' || (Array.isArray(r.type) && r.type.includes('string'));
  };
  const seen = new Set<unknown>();
  const visit = (s: unknown, where: string, inResponse: boolean, component?: string, inAllOf = false) => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return;
    const schema = s as TSchema;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const key = `${name}|${inResponse}`;
      if (seen.has(key)) return;
      seen.add(key);
      visit(components[name], `#${name}`, inResponse, name);
      return;
    }
    // A member of allOf that only annotates (describes the $ref beside it) constrains nothing by design.
    if (!inAllOf && Object.keys(schema).every((k) => ANNOTATIONS.has(k)))
      found.push(`${where}: empty schema (admits anything)`);
    if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined)
      found.push(`${where}: an object with no properties (admits any object)`);
    if (schema.additionalProperties === true && !allowOpen.includes(component ?? ''))
      found.push(`${where}: additionalProperties: true`);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      visit(schema.additionalProperties, `${where}{*}`, inResponse, component);
    for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) {
      if (inResponse && VOCABULARY.test(name)) {
        const items = resolve(prop).type === 'array' ? (resolve(prop).items as TSchema) : prop;
        if (items && isFreeText(items))
          found.push(`${where}.${name}: free text where a vocabulary is expected`);
      }
      visit(prop, `${where}.${name}`, inResponse, component);
    }
    if (schema.items) visit(schema.items, `${where}[]`, inResponse, component);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (Array.isArray(schema[key]))
        (schema[key] as unknown[]).forEach((m, i) =>
          visit(m, `${where}|${key}${i}`, inResponse, component, key === 'allOf'),
        );
  };
  for (const [path, operations] of Object.entries(paths))
    for (const [method, op] of Object.entries(operations as Record<string, Record<string, unknown>>)) {
      const body =
        (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
      for (const [type, media] of Object.entries(body))
        visit(media.schema, `${method.toUpperCase()} ${path} request ${type}`, false);
      for (const p of (op.parameters ?? []) as { name: string; schema?: unknown }[])
        visit(p.schema, `${method.toUpperCase()} ${path} parameter ${p.name}`, false);
      for (const [status, res] of Object.entries(
        (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>,
      ))
        for (const [type, media] of Object.entries(res.content ?? {}))
          visit(media.schema, `${method.toUpperCase()} ${path} ${status} ${type}`, true);
    }
  // Components no operation reaches are still part of the contract the client is generated from.
  for (const name of Object.keys(components))
    visit({ $ref: `#/components/schemas/${name}` }, `#${name}`, false);
  return [...new Set(found)];
}
