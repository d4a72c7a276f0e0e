// A minimal ONNX graph builder over the protobufjs bindings of onnx-proto: nodes
// with auto-named outputs, typed initializers, symbolic-shape inputs and outputs.

import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

export type Dim = number | string;
export type ElemType = 'float32' | 'float16' | 'int64' | 'bool';

const ELEM_TYPES: Record<ElemType, number> = {
  float32: DataType.FLOAT,
  float16: DataType.FLOAT16,
  int64: DataType.INT64,
  bool: DataType.BOOL,
};

/** The ONNX enum of an element type (Cast's `to`). */
export function onnxType(elemType: ElemType): number {
  return ELEM_TYPES[elemType];
}
export type Attr = number | number[] | string;

export class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;
  private readonly constCache = new Map<string, string>();

  /** Adds a node; returns its output names (auto-named unless given). */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs: string[] | number = 1): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => `${opType.toLowerCase()}_${this.counter++}`) : outputs;
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === 'string') return { name, type: AttrType.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v };
      if (Number.isInteger(v) && !name.startsWith('epsilon')) return { name, type: AttrType.INT, i: v };
      return { name, type: AttrType.FLOAT, f: v };
    });
    this.nodes.push({ opType, input: inputs, output: outs, name: `${opType}_${this.nodes.length}`, attribute });
    return outs;
  }

  /** Single-output shorthand. */
  o(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.op(opType, inputs, attrs, output ? [output] : 1)[0];
  }

  floatInit(name: string, data: Float32Array, dims: number[]): string {
    this.initializers.push({ name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  /** A cached int64 constant (shapes, axes, indices). */
  ints(values: number[], scalar = false): string {
    const key = `i64:${scalar}:${values.join(',')}`;
    let name = this.constCache.get(key);
    if (!name) {
      name = `const_i64_${this.constCache.size}`;
      const data = BigInt64Array.from(values.map(BigInt));
      this.initializers.push({ name, dataType: DataType.INT64, dims: scalar ? [] : [values.length], rawData: new Uint8Array(data.buffer) });
      this.constCache.set(key, name);
    }
    return name;
  }

  /** A cached float32 scalar constant. */
  float(value: number): string {
    const key = `f32:${value}`;
    let name = this.constCache.get(key);
    if (!name) {
      name = `const_f32_${this.constCache.size}`;
      this.floatInit(name, Float32Array.of(value), []);
      this.constCache.set(key, name);
    }
    return name;
  }

  input(name: string, elemType: ElemType, shape: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  output(name: string, elemType: ElemType, shape: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, shape));
  }

  /** Serialises a complete model (IR 8, default-domain opset). */
  toModelBytes(opset: number, graphName: string, metadata: Record<string, string> = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'helixrl',
      producerVersion: '0.1.0',
      opsetImport: [{ domain: '', version: opset }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, elemType: ElemType, shape: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPES[elemType],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export const ONNX_BOOL = DataType.BOOL;
