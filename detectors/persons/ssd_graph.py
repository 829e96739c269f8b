"""Text-graph config that lets OpenCV DNN run a TensorFlow Object Detection API SSD frozen graph.

OpenCV cannot import the graph's anchor generator and post-processor (TensorFlow control flow), so the
config keeps the convolutional body, drops the rest and adds OpenCV's own SSD head: flattened class and box
predictions, PriorBox anchors computed as the TF anchor generator computes them, and DetectionOutput.
This is the procedure OpenCV documents for TF Object Detection API models, written here without TensorFlow.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import cv2

from detectors.errors import ModelUnavailable

KEEP_OPS = {"Conv2D", "BiasAdd", "Add", "AddV2", "Relu", "Relu6", "Placeholder", "FusedBatchNorm", "FusedBatchNormV3",
            "DepthwiseConv2dNative", "ConcatV2", "Mul", "MaxPool", "AvgPool", "Sub", "Pad", "Mean"}
DROP_PREFIXES = ("MultipleGridAnchorGenerator/", "Concatenate/", "Postprocessor/", "Preprocessor/")
UNUSED_ATTRS = {"T", "Tshape", "N", "Tidx", "Tdim", "use_cudnn_on_gpu", "Index", "Tperm", "is_training", "Tpaddings"}


@dataclass(frozen=True)
class SSDParams:
    """The pipeline-config values the head needs (ssd_anchor_generator, box coder, classes)."""

    num_classes: int = 1
    num_layers: int = 6
    min_scale: float = 0.2
    max_scale: float = 0.95
    aspect_ratios: tuple[float, ...] = (1.0, 2.0, 0.5, 3.0, 0.3333)
    box_coder_scales: tuple[float, float, float, float] = (10.0, 10.0, 5.0, 5.0)  # y, x, h, w
    image_size: int = 300
    nms_threshold: float = 0.6
    score_threshold: float = 0.3  # below the detector threshold, above the noise that slows NMS
    top_k: int = 100

    def anchors(self, layer: int) -> tuple[list[float], list[float]]:
        """Anchor widths and heights in pixels of the training image for one feature map."""
        scales = [self.min_scale + (self.max_scale - self.min_scale) * i / (self.num_layers - 1)
                  for i in range(self.num_layers)] + [1.0]
        if layer == 0:  # reduce_boxes_in_lowest_layer: three fixed boxes on the finest map
            widths = [0.1, self.min_scale * math.sqrt(2.0), self.min_scale * math.sqrt(0.5)]
            heights = [0.1, self.min_scale / math.sqrt(2.0), self.min_scale / math.sqrt(0.5)]
        else:
            widths = [scales[layer] * math.sqrt(ar) for ar in self.aspect_ratios]
            heights = [scales[layer] / math.sqrt(ar) for ar in self.aspect_ratios]
            between = math.sqrt(scales[layer] * scales[layer + 1])
            widths, heights = widths + [between], heights + [between]
        return [w * self.image_size for w in widths], [h * self.image_size for h in heights]


@dataclass
class Node:
    """One node of a TensorFlow GraphDef in text form; attr values are nested dicts of text fields."""

    name: str
    op: str
    inputs: list[str] = field(default_factory=list)
    attr: dict[str, dict] = field(default_factory=dict)


# ---------------------------------------------------------------- protobuf text format, the subset GraphDef uses
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}]|[^\s{}:"]+')


def _parse_message(tokens: list[str], pos: int) -> tuple[dict, int]:
    message: dict[str, list] = {}
    while pos < len(tokens) and tokens[pos] != "}":
        key = tokens[pos]
        if tokens[pos + 1] == "{":
            value, pos = _parse_message(tokens, pos + 2)
        else:
            value, pos = tokens[pos + 1], pos + 1
        message.setdefault(key, []).append(value)
        pos += 1
    return message, pos


def _unquote(token: str) -> str:
    return token[1:-1] if token.startswith('"') else token


def parse_text_graph(text: str) -> list[Node]:
    """The nodes of a GraphDef written by cv2.dnn.writeTextGraph."""
    tokens = [t for t in _TOKEN.findall(text) if t != ":"]
    message, _ = _parse_message(tokens, 0)
    nodes = []
    for item in message.get("node", []):
        attrs = {_unquote(a["key"][0]): a["value"][0] for a in item.get("attr", [])}
        nodes.append(Node(_unquote(item["name"][0]), _unquote(item["op"][0]),
                          [_unquote(i) for i in item.get("input", [])], attrs))
    return nodes


def _write_value(lines: list[str], key: str, value: object, indent: int) -> None:
    pad = " " * indent
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            lines.append(f"{pad}{key} {{")
            for sub_key, sub_value in item.items():
                _write_value(lines, sub_key, sub_value, indent + 2)
            lines.append(f"{pad}}}")
        else:
            lines.append(f"{pad}{key}: {_literal(item)}")


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return str(value)  # tokens read from text keep their quotes; enum names (DT_FLOAT) have none


def write_text_graph(nodes: list[Node]) -> str:
    """GraphDef text for OpenCV's readNetFromTensorflow(model, config)."""
    lines: list[str] = []
    for node in nodes:
        lines += ["node {", f'  name: "{node.name}"', f'  op: "{node.op}"']
        lines += [f'  input: "{name}"' for name in node.inputs]
        for key, value in node.attr.items():
            lines += ["  attr {", f'    key: "{key}"']
            _write_value(lines, "value", value, 4)
            lines.append("  }")
        lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- attributes of the nodes we add
def _tensor(values: list[float] | list[int]) -> dict:
    is_float = any(isinstance(v, float) for v in values)
    return {"tensor": {"dtype": "DT_FLOAT" if is_float else "DT_INT32",
                       "tensor_shape": {"dim": {"size": len(values)}},
                       "float_val" if is_float else "int_val": [float(v) if is_float else int(v) for v in values]}}


def _attrs(**values: object) -> dict[str, dict]:
    out = {}
    for key, value in values.items():
        if isinstance(value, bool):
            out[key] = {"b": value}
        elif isinstance(value, int):
            out[key] = {"i": value}
        elif isinstance(value, float):
            out[key] = {"f": value}
        elif isinstance(value, str):
            out[key] = {"s": f'"{value}"'}
        else:
            out[key] = _tensor(list(value))
    return out


def _const(name: str, values: list[int]) -> Node:
    return Node(name, "Const", [], _attrs(value=values))


# ---------------------------------------------------------------- graph surgery
def _without_identities(nodes: list[Node]) -> list[Node]:
    alias = {n.name: n.inputs[0] for n in nodes if n.op in ("Identity", "IdentityN") and n.inputs}

    def resolve(name: str) -> str:
        while name in alias:
            name = alias[name]
        return name

    kept = [n for n in nodes if n.name not in alias]
    for node in kept:
        node.inputs = [resolve(i) for i in node.inputs]
    return kept


def _body(nodes: list[Node]) -> tuple[list[Node], Node]:
    """The convolutional body with the image placeholder wired straight into the first convolution."""
    nodes = _without_identities(nodes)
    placeholder = next((n for n in nodes if n.op == "Placeholder"), None)
    if placeholder is None:
        raise ModelUnavailable("the graph has no input placeholder")
    removed = {n.name for n in nodes if n.op not in KEEP_OPS or n.name.startswith(DROP_PREFIXES)}
    body = [n for n in nodes if n.name not in removed or n is placeholder]
    removed -= {n.name for n in nodes if n.op == "Const"}  # weights are read from the .pb by name: keep the refs
    for node in body:
        node.attr = {k: v for k, v in node.attr.items() if k not in UNUSED_ATTRS}
        fed_by_removed = [i for i in node.inputs if i.split(":")[0] in removed and i != placeholder.name]
        node.inputs = [i for i in node.inputs if i.split(":")[0] not in removed or i == placeholder.name]
        if fed_by_removed and node.op == "Conv2D":  # the first convolution took the preprocessed image
            node.inputs = [placeholder.name] + node.inputs
    return body, placeholder


def _head(params: SSDParams, placeholder: str) -> list[Node]:
    """OpenCV's SSD head: flattened predictions, PriorBox anchors, sigmoid scores, DetectionOutput."""
    nodes = [_const("concat/axis_flatten", [-1]), _const("PriorBox/concat/axis", [-2])]
    for label in ("ClassPredictor", "BoxEncodingPredictor"):
        flat = [Node(f"BoxPredictor_{i}/{label}/BiasAdd/Flatten", "Flatten", [f"BoxPredictor_{i}/{label}/BiasAdd"])
                for i in range(params.num_layers)]
        nodes += flat + [Node(f"{label}/concat", "ConcatV2", [n.name for n in flat] + ["concat/axis_flatten"])]
    y, x, h, w = params.box_coder_scales
    for i in range(params.num_layers):
        widths, heights = params.anchors(i)
        nodes.append(Node(f"PriorBox_{i}", "PriorBox", [f"BoxPredictor_{i}/BoxEncodingPredictor/BiasAdd", placeholder],
                          _attrs(flip=False, clip=False, width=widths, height=heights,
                                 variance=[1 / x, 1 / y, 1 / w, 1 / h])))
    nodes.append(Node("PriorBox/concat", "ConcatV2",
                      [f"PriorBox_{i}" for i in range(params.num_layers)] + ["concat/axis_flatten"]))
    nodes += [_const("ClassPredictor/concat3d/shape", [0, -1, params.num_classes + 1]),
              Node("ClassPredictor/concat3d", "Reshape", ["ClassPredictor/concat", "ClassPredictor/concat3d/shape"]),
              Node("ClassPredictor/concat/sigmoid", "Sigmoid", ["ClassPredictor/concat3d"]),
              Node("ClassPredictor/concat/sigmoid/Flatten", "Flatten", ["ClassPredictor/concat/sigmoid"])]
    nodes.append(Node("detection_out", "DetectionOutput",
                      ["BoxEncodingPredictor/concat", "ClassPredictor/concat/sigmoid/Flatten", "PriorBox/concat"],
                      _attrs(num_classes=params.num_classes + 1, share_location=True, background_label_id=0,
                             nms_threshold=params.nms_threshold, confidence_threshold=params.score_threshold,
                             top_k=params.top_k, keep_top_k=params.top_k, code_type="CENTER_SIZE")))
    return nodes


def _prune(nodes: list[Node], output: str) -> list[Node]:
    """Drop every node whose result nobody reads, until only the path to the output is left."""
    while True:
        used = {i.split(":")[0] for n in nodes for i in n.inputs} | {output}
        kept = [n for n in nodes if n.name in used]
        if len(kept) == len(nodes):
            return kept
        nodes = kept


def ssd_text_graph(raw_graph_text: str, params: SSDParams) -> str:
    """The OpenCV config for an SSD graph, from the graph's own text dump."""
    body, placeholder = _body(parse_text_graph(raw_graph_text))
    names = {n.name for n in body}
    missing = [f"BoxPredictor_{i}/{p}/BiasAdd" for i in range(params.num_layers)
               for p in ("ClassPredictor", "BoxEncodingPredictor") if f"BoxPredictor_{i}/{p}/BiasAdd" not in names]
    if missing:
        raise ModelUnavailable(f"not an SSD graph with {params.num_layers} box predictors (missing {missing[0]})")
    for node in body:
        if re.fullmatch(r"BoxPredictor_\d+/BoxEncodingPredictor/(Conv2D|convolution)", node.name):
            node.attr |= _attrs(loc_pred_transposed=True)
    return write_text_graph(_prune(body + _head(params, placeholder.name), "detection_out"))


def build_config(model: Path, target: Path, params: SSDParams) -> Path:
    """Write the config for a frozen SSD graph next to the cache (atomic), and return its path."""
    dump = target.with_suffix(".raw.pbtxt")
    try:
        cv2.dnn.writeTextGraph(str(model), str(dump))
        text = ssd_text_graph(dump.read_text(encoding="utf-8"), params)
    except cv2.error as error:
        raise ModelUnavailable(f"cannot read the graph {model}: {str(error).strip()[-200:]}") from None
    except ModelUnavailable as error:
        raise ModelUnavailable(f"cannot read the graph {model}: {error}") from None
    finally:
        dump.unlink(missing_ok=True)
    partial = target.with_suffix(".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target
