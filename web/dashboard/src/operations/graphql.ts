/** The tag relay-compiler reads; at run time the compiled artifact replaces each use. */
export function graphql(strings: TemplateStringsArray): never {
  throw new Error(`graphql tag not compiled: ${strings.join("")}`);
}
