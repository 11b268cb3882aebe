/** The expression syntax tree. Every node keeps its offset for error messages. */
export type Node =
  | { kind: 'literal'; value: unknown; offset: number }
  | { kind: 'array'; items: Node[]; offset: number }
  | { kind: 'name'; name: string; offset: number }
  | { kind: 'member'; object: Node; property: Node | string; offset: number }
  | { kind: 'call'; callee: Node; args: Node[]; offset: number }
  | { kind: 'unary'; operator: '!' | '-'; operand: Node; offset: number }
  | { kind: 'binary'; operator: string; left: Node; right: Node; offset: number }
  | { kind: 'conditional'; test: Node; then: Node; otherwise: Node; offset: number }
  /**
   * `x => body` or `(x, i) => body`: only ever an argument of a collection function
   * (`filter(items, x => x.qty > 0)`), never a value of its own. `params` are the item and,
   * optionally, its index.
   */
  | { kind: 'lambda'; params: string[]; body: Node; offset: number };

/**
 * The nodes directly inside `node`, in source order (a member's computed property included, a
 * lambda's body included): for walks that treat every child alike.
 *
 * @example
 * childNodes(parse('f(a, b)')) // [name f, name a, name b]
 */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case 'call':
      return [node.callee, ...node.args];
    case 'member':
      return typeof node.property === 'string' ? [node.object] : [node.object, node.property];
    case 'array':
      return node.items;
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.then, node.otherwise];
    case 'lambda':
      return [node.body];
    case 'name':
    case 'literal':
      return [];
  }
}
