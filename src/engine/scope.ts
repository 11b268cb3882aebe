/**
 * Variables visible to a step. Layers chain to a parent; a `writeThrough`
 * layer (repeat, include) sends `save`/`set` to its parent so the values are
 * visible after the block, while its own definitions (loop index, fragment
 * parameters) stay local. A parallel iteration is a plain child: its saves stay in it.
 */
export class Scope {
  private readonly values = new Map<string, unknown>();

  constructor(
    private readonly parent?: Scope,
    private readonly writeThrough = false,
  ) {}

  /** Defines a name in this layer only. */
  define(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  /** Assigns a value the way `save` and `set` do. */
  assign(name: string, value: unknown): void {
    if (this.writeThrough && this.parent && !this.values.has(name)) this.parent.assign(name, value);
    else this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): unknown {
    if (this.values.has(name)) return this.values.get(name);
    return this.parent?.get(name);
  }

  child(options: { writeThrough?: boolean } = {}): Scope {
    return new Scope(this, options.writeThrough ?? false);
  }

  /** Every visible name and value, nearest layer winning. */
  snapshot(): Record<string, unknown> {
    const out = this.parent ? this.parent.snapshot() : {};
    for (const [name, value] of this.values) out[name] = value;
    return out;
  }
}
