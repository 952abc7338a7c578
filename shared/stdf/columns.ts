/** Typed-array constructors that growable columns can hold. */
type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

/** An append-only typed-array column that doubles its capacity as it grows. */
export class GrowableColumn<T extends TypedArray> {
  /** Backing storage; only the first `length` entries are meaningful. */
  data: T;
  length = 0;

  constructor(private readonly create: TypedArrayConstructor<T>, initialCapacity = 1024) {
    this.data = new create(initialCapacity);
  }

  /** Append one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Make room for `capacity` entries in total. */
  grow(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new this.create(Math.max(capacity, this.data.length * 2));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  /** The filled part of the column as a view (no copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
