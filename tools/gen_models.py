#!/usr/bin/python3
"""Generates the example and test model repositories (Triton layout) from code.

Run with Debian's python, which has python3-onnx 1.12 and numpy:

    /usr/bin/python3 tools/gen_models.py

It rewrites examples/models/ and testdata/models/ under the repository root, except folders
that hold a hand-written graph.yaml. The output is
deterministic (fixed seed, no timestamps), so re-running gives byte-identical files and a clean
git diff. Every model uses opset 13 and IR version 8 and passes onnx.checker.

`/usr/bin/python3 tools/gen_models.py --mlp-reference` prints mlp_classifier's expected output for
the first two rows of the test input (see mlp_input), as pinned in the Java tests.
"""

import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "models")
TESTDATA = os.path.join(ROOT, "testdata", "models")

OPSET = 13
IR_VERSION = 8
SEED = 20240611

# ONNX element type and Triton config name for each Medulla type name used in tensor names.
TYPES = {
    "BOOL": (TensorProto.BOOL, "TYPE_BOOL"),
    "UINT8": (TensorProto.UINT8, "TYPE_UINT8"),
    "UINT16": (TensorProto.UINT16, "TYPE_UINT16"),
    "UINT32": (TensorProto.UINT32, "TYPE_UINT32"),
    "UINT64": (TensorProto.UINT64, "TYPE_UINT64"),
    "INT8": (TensorProto.INT8, "TYPE_INT8"),
    "INT16": (TensorProto.INT16, "TYPE_INT16"),
    "INT32": (TensorProto.INT32, "TYPE_INT32"),
    "INT64": (TensorProto.INT64, "TYPE_INT64"),
    "FP16": (TensorProto.FLOAT16, "TYPE_FP16"),
    "FP32": (TensorProto.FLOAT, "TYPE_FP32"),
    "FP64": (TensorProto.DOUBLE, "TYPE_FP64"),
    "BF16": (TensorProto.BFLOAT16, "TYPE_BF16"),
    "STRING": (TensorProto.STRING, "TYPE_STRING"),
}

# ONNX Runtime's Java API (1.29) cannot create UINT16/UINT32/UINT64 input tensors (OnnxJavaType
# has no such types), so all_types leaves them out; unsigned_outputs covers them as outputs.
ALL_TYPES_INPUTS = [t for t in TYPES if t not in ("UINT16", "UINT32", "UINT64")]


def tensor(name, elem_type, shape):
    return helper.make_tensor_value_info(name, elem_type, shape)


def save_model(graph, path):
    model = helper.make_model(
        graph,
        producer_name="medulla-gen_models",
        producer_version="1",
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


def io_block(kind, entries):
    """Formats an input or output list; entries are (name, config type, dims[, reshape])."""
    parts = []
    for entry in entries:
        name, data_type, dims = entry[0], entry[1], entry[2]
        lines = [
            "  {",
            '    name: "%s"' % name,
            "    data_type: %s" % data_type,
            "    dims: [ %s ]" % ", ".join(str(d) for d in dims),
        ]
        if len(entry) > 3:
            lines.append("    reshape: { shape: [ %s ] }" % ", ".join(str(d) for d in entry[3]))
        lines.append("  }")
        parts.append("\n".join(lines))
    return "%s [\n%s\n]\n" % (kind, ",\n".join(parts))


def write_config(model_dir, name, max_batch_size, inputs, outputs, extra=""):
    text = 'name: "%s"\nplatform: "onnxruntime_onnx"\nmax_batch_size: %d\n' % (
        name,
        max_batch_size,
    )
    text += io_block("input", inputs) + io_block("output", outputs) + extra
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "config.pbtxt"), "w") as f:
        f.write(text)


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# examples/models


def gen_simple(repo):
    d = os.path.join(repo, "simple")
    graph = helper.make_graph(
        [
            helper.make_node("Add", ["INPUT0", "INPUT1"], ["OUTPUT0"]),
            helper.make_node("Sub", ["INPUT0", "INPUT1"], ["OUTPUT1"]),
        ],
        "simple",
        [tensor("INPUT0", TensorProto.INT32, ["batch", 16]),
         tensor("INPUT1", TensorProto.INT32, ["batch", 16])],
        [tensor("OUTPUT0", TensorProto.INT32, ["batch", 16]),
         tensor("OUTPUT1", TensorProto.INT32, ["batch", 16])],
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, "simple", 8,
        [("INPUT0", "TYPE_INT32", [16]), ("INPUT1", "TYPE_INT32", [16])],
        [("OUTPUT0", "TYPE_INT32", [16]), ("OUTPUT1", "TYPE_INT32", [16])],
    )


def gen_identity_fp32(repo):
    d = os.path.join(repo, "identity_fp32")
    graph = helper.make_graph(
        [helper.make_node("Identity", ["INPUT0"], ["OUTPUT0"])],
        "identity_fp32",
        [tensor("INPUT0", TensorProto.FLOAT, ["batch", "length"])],
        [tensor("OUTPUT0", TensorProto.FLOAT, ["batch", "length"])],
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, "identity_fp32", 8,
        [("INPUT0", "TYPE_FP32", [-1])],
        [("OUTPUT0", "TYPE_FP32", [-1])],
    )


def mlp_weights():
    rng = np.random.default_rng(SEED)
    w1 = (rng.standard_normal((256, 512)) * np.sqrt(2.0 / 256)).astype(np.float32)
    b1 = (rng.standard_normal(512) * 0.01).astype(np.float32)
    w2 = (rng.standard_normal((512, 10)) * np.sqrt(1.0 / 512)).astype(np.float32)
    b2 = (rng.standard_normal(10) * 0.01).astype(np.float32)
    return w1, b1, w2, b2


def gen_mlp_classifier(repo):
    d = os.path.join(repo, "mlp_classifier")
    w1, b1, w2, b2 = mlp_weights()
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "W1"], ["h1"]),
            helper.make_node("Add", ["h1", "B1"], ["h1b"]),
            helper.make_node("Relu", ["h1b"], ["h1r"]),
            helper.make_node("MatMul", ["h1r", "W2"], ["h2"]),
            helper.make_node("Add", ["h2", "B2"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ],
        "mlp_classifier",
        [tensor("features", TensorProto.FLOAT, ["batch", 256])],
        [tensor("probabilities", TensorProto.FLOAT, ["batch", 10])],
        initializer=[
            numpy_helper.from_array(w1, "W1"),
            numpy_helper.from_array(b1, "B1"),
            numpy_helper.from_array(w2, "W2"),
            numpy_helper.from_array(b2, "B2"),
        ],
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, "mlp_classifier", 32,
        [("features", "TYPE_FP32", [256])],
        [("probabilities", "TYPE_FP32", [10])],
        extra=(
            "dynamic_batching {\n"
            "  max_queue_delay_microseconds: 100\n"
            "}\n"
            "instance_group [\n"
            "  {\n"
            "    count: 1\n"
            "    kind: KIND_CPU\n"
            "  }\n"
            "]\n"
        ),
    )


def gen_string_identity(repo):
    d = os.path.join(repo, "string_identity")
    graph = helper.make_graph(
        [helper.make_node("Identity", ["INPUT0"], ["OUTPUT0"])],
        "string_identity",
        [tensor("INPUT0", TensorProto.STRING, ["batch", "length"])],
        [tensor("OUTPUT0", TensorProto.STRING, ["batch", "length"])],
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, "string_identity", 8,
        [("INPUT0", "TYPE_STRING", [-1])],
        [("OUTPUT0", "TYPE_STRING", [-1])],
    )


# ---------------------------------------------------------------------------------------------
# examples/models: the clinical triage graph's models (examples/models/clinical_triage/graph.yaml)
#
# Small stand-ins with a fixed amount of compute: each widens its input to HIDDEN units, then
# applies the same HIDDEN x HIDDEN layer `repeats` times (one weight matrix, so the file stays
# small while a call costs tens of microseconds, enough for benchmark G6 to measure a graph).

HIDDEN = 128


def dense_stack(prefix, rng, width_in, width_out, repeats, head):
    """Returns (nodes, initializers) mapping tensor `x` to `y` through the shared hidden stack."""
    w_in = (rng.standard_normal((width_in, HIDDEN)) * np.sqrt(2.0 / width_in)).astype(np.float32)
    b_in = (rng.standard_normal(HIDDEN) * 0.01).astype(np.float32)
    w_h = (rng.standard_normal((HIDDEN, HIDDEN)) * np.sqrt(1.0 / HIDDEN)).astype(np.float32)
    w_out = (rng.standard_normal((HIDDEN, width_out)) * np.sqrt(1.0 / HIDDEN)).astype(np.float32)
    b_out = (rng.standard_normal(width_out) * 0.01).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "W_in"], ["h0a"]),
        helper.make_node("Add", ["h0a", "B_in"], ["h0b"]),
        helper.make_node("Relu", ["h0b"], ["h0"]),
    ]
    for i in range(repeats):
        nodes.append(helper.make_node("MatMul", ["h%d" % i, "W_h"], ["m%d" % i]))
        nodes.append(helper.make_node("Tanh", ["m%d" % i], ["h%d" % (i + 1)]))
    nodes.append(helper.make_node("MatMul", ["h%d" % repeats, "W_out"], ["o1"]))
    nodes.append(helper.make_node("Add", ["o1", "B_out"], ["logits"]))
    if head == "Softmax":
        nodes.append(helper.make_node("Softmax", ["logits"], ["y"], axis=1))
    else:
        nodes.append(helper.make_node(head, ["logits"], ["y"]))
    inits = [
        numpy_helper.from_array(w_in, "W_in"),
        numpy_helper.from_array(b_in, "B_in"),
        numpy_helper.from_array(w_h, "W_h"),
        numpy_helper.from_array(w_out, "W_out"),
        numpy_helper.from_array(b_out, "B_out"),
    ]
    return nodes, inits


def gen_stack_model(repo, name, seed, inputs, output, repeats, head):
    """A model whose inputs (name, width) are concatenated into `x` and whose `y` is `output`."""
    d = os.path.join(repo, name)
    rng = np.random.default_rng(seed)
    width_in = sum(w for _, w in inputs)
    nodes, inits = dense_stack(name, rng, width_in, output[1], repeats, head)
    if len(inputs) == 1:
        nodes.insert(0, helper.make_node("Identity", [inputs[0][0]], ["x"]))
    else:
        nodes.insert(0, helper.make_node("Concat", [n for n, _ in inputs], ["x"], axis=1))
    nodes.append(helper.make_node("Identity", ["y"], [output[0]]))
    graph = helper.make_graph(
        nodes,
        name,
        [tensor(n, TensorProto.FLOAT, ["batch", w]) for n, w in inputs],
        [tensor(output[0], TensorProto.FLOAT, ["batch", output[1]])],
        initializer=inits,
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, name, 8,
        [(n, "TYPE_FP32", [w]) for n, w in inputs],
        [(output[0], "TYPE_FP32", [output[1]])],
    )


def gen_triage_models(repo):
    gen_stack_model(repo, "image_classifier", SEED + 1, [("image", 64)], ("probabilities", 4),
                    12, "Softmax")
    gen_stack_model(repo, "finding_detail", SEED + 2, [("image", 64)], ("severity", 1),
                    12, "Sigmoid")
    gen_stack_model(repo, "note_encoder", SEED + 3, [("note", 32)], ("embedding", 8), 8, "Tanh")
    gen_stack_model(repo, "triage_fusion", SEED + 4, [("probabilities", 4), ("embedding", 8)],
                    ("urgency", 3), 4, "Softmax")


def gen_triage_ensemble(repo):
    """A Triton ensemble over the same models: classifier and note encoder, then the fusion."""
    write_text(os.path.join(repo, "triage_ensemble", "config.pbtxt"), """\
name: "triage_ensemble"
platform: "ensemble"
max_batch_size: 8
input [
  { name: "IMAGE" data_type: TYPE_FP32 dims: [ 64 ] },
  { name: "NOTE" data_type: TYPE_FP32 dims: [ 32 ] }
]
output [
  { name: "URGENCY" data_type: TYPE_FP32 dims: [ 3 ] }
]
ensemble_scheduling {
  step [
    {
      model_name: "image_classifier"
      model_version: -1
      input_map { key: "image" value: "IMAGE" }
      output_map { key: "probabilities" value: "probs" }
    },
    {
      model_name: "note_encoder"
      model_version: -1
      input_map { key: "note" value: "NOTE" }
      output_map { key: "embedding" value: "embedding" }
    },
    {
      model_name: "triage_fusion"
      model_version: -1
      input_map { key: "probabilities" value: "probs" }
      input_map { key: "embedding" value: "embedding" }
      output_map { key: "urgency" value: "URGENCY" }
    }
  ]
}
""")


# ---------------------------------------------------------------------------------------------
# testdata/models


def gen_all_types(repo):
    d = os.path.join(repo, "all_types")
    nodes, inputs, outputs, cin, cout = [], [], [], [], []
    for t in ALL_TYPES_INPUTS:
        elem, config_type = TYPES[t]
        nodes.append(helper.make_node("Identity", ["IN_" + t], ["OUT_" + t]))
        inputs.append(tensor("IN_" + t, elem, ["n_" + t.lower()]))
        outputs.append(tensor("OUT_" + t, elem, ["n_" + t.lower()]))
        cin.append(("IN_" + t, config_type, [-1]))
        cout.append(("OUT_" + t, config_type, [-1]))
    save_model(helper.make_graph(nodes, "all_types", inputs, outputs), os.path.join(d, "1", "model.onnx"))
    write_config(d, "all_types", 0, cin, cout)


def gen_unsigned_outputs(repo):
    d = os.path.join(repo, "unsigned_outputs")
    nodes, outputs, cout = [], [], []
    for t in ("UINT8", "UINT16", "UINT32", "UINT64"):
        elem, config_type = TYPES[t]
        nodes.append(helper.make_node("Cast", ["INPUT0"], ["OUT_" + t], to=elem))
        outputs.append(tensor("OUT_" + t, elem, ["n"]))
        cout.append(("OUT_" + t, config_type, [-1]))
    graph = helper.make_graph(
        nodes, "unsigned_outputs", [tensor("INPUT0", TensorProto.INT64, ["n"])], outputs)
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(d, "unsigned_outputs", 0, [("INPUT0", "TYPE_INT64", [-1])], cout)


def gen_unsigned_inputs(repo):
    d = os.path.join(repo, "unsigned_inputs")
    nodes, inputs, outputs, cin, cout = [], [], [], [], []
    for t in ("UINT16", "UINT32", "UINT64"):
        elem, config_type = TYPES[t]
        nodes.append(helper.make_node("Identity", ["IN_" + t], ["OUT_" + t]))
        inputs.append(tensor("IN_" + t, elem, ["n"]))
        outputs.append(tensor("OUT_" + t, elem, ["n"]))
        cin.append(("IN_" + t, config_type, [-1]))
        cout.append(("OUT_" + t, config_type, [-1]))
    save_model(helper.make_graph(nodes, "unsigned_inputs", inputs, outputs),
               os.path.join(d, "1", "model.onnx"))
    write_config(d, "unsigned_inputs", 0, cin, cout)


def gen_autocomplete_add(repo):
    d = os.path.join(repo, "autocomplete_add")
    graph = helper.make_graph(
        [helper.make_node("Add", ["INPUT0", "INPUT1"], ["OUTPUT0"])],
        "autocomplete_add",
        [tensor("INPUT0", TensorProto.FLOAT, ["batch", 4]),
         tensor("INPUT1", TensorProto.FLOAT, ["batch", 4])],
        [tensor("OUTPUT0", TensorProto.FLOAT, ["batch", 4])],
    )
    # Deliberately no config.pbtxt: the repository completes it from the model file.
    save_model(graph, os.path.join(d, "1", "model.onnx"))


def gen_versioned_add(repo):
    d = os.path.join(repo, "versioned_add")
    for version in (1, 2):
        graph = helper.make_graph(
            [helper.make_node("Add", ["INPUT0", "K"], ["OUTPUT0"])],
            "versioned_add_v%d" % version,
            [tensor("INPUT0", TensorProto.INT32, ["batch", 4])],
            [tensor("OUTPUT0", TensorProto.INT32, ["batch", 4])],
            initializer=[numpy_helper.from_array(np.array(version, dtype=np.int32), "K")],
        )
        save_model(graph, os.path.join(d, str(version), "model.onnx"))
    write_config(
        d, "versioned_add", 8,
        [("INPUT0", "TYPE_INT32", [4])],
        [("OUTPUT0", "TYPE_INT32", [4])],
    )


def gen_broken(repo):
    d = os.path.join(repo, "broken")
    write_text(os.path.join(d, "1", "model.onnx"), "this is not an ONNX model\n")
    write_config(
        d, "broken", 0,
        [("INPUT0", "TYPE_FP32", [4])],
        [("OUTPUT0", "TYPE_FP32", [4])],
    )


def gen_sequence_input(repo):
    d = os.path.join(repo, "sequence_input")
    graph = helper.make_graph(
        [helper.make_node("SequenceLength", ["ITEMS"], ["COUNT"])],
        "sequence_input",
        [helper.make_tensor_sequence_value_info("ITEMS", TensorProto.FLOAT, None)],
        [tensor("COUNT", TensorProto.INT64, [])],
    )
    # No config.pbtxt: the model is only for proving that non-tensor inputs are refused.
    save_model(graph, os.path.join(d, "1", "model.onnx"))


def gen_reshape(repo):
    d = os.path.join(repo, "reshape")
    graph = helper.make_graph(
        [
            helper.make_node("Transpose", ["INPUT0"], ["OUTPUT0"], perm=[0, 2, 1]),
            helper.make_node("ReduceSum", ["INPUT0", "AXES"], ["OUTPUT1"], keepdims=0),
        ],
        "reshape",
        [tensor("INPUT0", TensorProto.FLOAT, ["batch", 2, 2])],
        [tensor("OUTPUT0", TensorProto.FLOAT, ["batch", 2, 2]),
         tensor("OUTPUT1", TensorProto.FLOAT, ["batch", 2])],
        initializer=[numpy_helper.from_array(np.array([2], dtype=np.int64), "AXES")],
    )
    save_model(graph, os.path.join(d, "1", "model.onnx"))
    write_config(
        d, "reshape", 8,
        [("INPUT0", "TYPE_FP32", [4], [2, 2])],
        [("OUTPUT0", "TYPE_FP32", [4], [2, 2]), ("OUTPUT1", "TYPE_FP32", [2])],
    )


def regenerate(repo, generators):
    if os.path.isdir(repo):
        for entry in sorted(os.listdir(repo)):
            path = os.path.join(repo, entry)
            # Graph files are written by hand: keep their folders.
            if os.path.isdir(path) and not os.path.exists(os.path.join(path, "graph.yaml")):
                shutil.rmtree(path)
    for generate in generators:
        generate(repo)


def mlp_input(rows):
    """The test input the Java tests also build: exact in float32, different in every row."""
    r = np.arange(rows).reshape(-1, 1)
    j = np.arange(256).reshape(1, -1)
    return (((r * 7 + j * 13) % 17 - 8) / 8.0).astype(np.float32)


def mlp_reference(rows):
    """Computes mlp_classifier's output for mlp_input(rows) with numpy, in float64."""
    w1, b1, w2, b2 = (a.astype(np.float64) for a in mlp_weights())
    h = np.maximum(mlp_input(rows).astype(np.float64) @ w1 + b1, 0.0)
    logits = h @ w2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    if sys.argv[1:] == ["--mlp-reference"]:
        # Prints the golden values pinned in the ONNX backend's tests.
        for row in mlp_reference(2):
            print(", ".join("%.7e" % v for v in row))
        return 0
    regenerate(EXAMPLES, [
        gen_simple, gen_identity_fp32, gen_mlp_classifier, gen_string_identity, gen_triage_models,
        gen_triage_ensemble,
    ])
    regenerate(TESTDATA, [
        gen_all_types, gen_unsigned_outputs, gen_unsigned_inputs, gen_autocomplete_add,
        gen_versioned_add, gen_broken, gen_reshape, gen_sequence_input,
    ])
    print("wrote %s and %s" % (os.path.relpath(EXAMPLES, ROOT), os.path.relpath(TESTDATA, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
