"""The OpenCV text-graph config generated from the SSDLite frozen graph: it loads and detects; a wrong class
count fails exactly as OpenCV's documentation warns; the text format round-trips."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from detectors.errors import ModelUnavailable
from detectors.persons.ssd_graph import Node, SSDParams, build_config, parse_text_graph, write_text_graph
from detectors.persons.ssdlite import graph_path


def test_generated_config_has_the_ssd_head_and_loads_in_opencv(tmp_path):
    config = build_config(graph_path(), tmp_path / "ssd.pbtxt", SSDParams())
    nodes = {n.name: n for n in parse_text_graph(config.read_text())}
    assert nodes["detection_out"].op == "DetectionOutput"
    assert [f"PriorBox_{i}" in nodes for i in range(6)] == [True] * 6
    assert not any(name.startswith(("Postprocessor/", "MultipleGridAnchorGenerator/")) for name in nodes)
    net = cv2.dnn.readNetFromTensorflow(str(graph_path()), str(config))
    net.setInput(cv2.dnn.blobFromImage(np.zeros((300, 300, 3), np.uint8), 1 / 127.5, (300, 300), (127.5,) * 3))
    assert net.forward().shape[-1] == 7


def test_a_90_class_config_does_not_fit_this_one_class_graph(tmp_path):
    config = build_config(graph_path(), tmp_path / "ssd90.pbtxt", SSDParams(num_classes=90))
    net = cv2.dnn.readNetFromTensorflow(str(graph_path()), str(config))
    net.setInput(cv2.dnn.blobFromImage(np.zeros((300, 300, 3), np.uint8), 1 / 127.5, (300, 300)))
    with pytest.raises(cv2.error):
        net.forward()


def test_wrong_layer_count_is_refused_before_writing(tmp_path):
    with pytest.raises(ModelUnavailable, match="box predictors"):
        build_config(graph_path(), tmp_path / "ssd.pbtxt", SSDParams(num_layers=7))
    assert not (tmp_path / "ssd.pbtxt").exists()


def test_first_layer_anchors_follow_the_tf_anchor_generator():
    widths, heights = SSDParams().anchors(0)
    assert widths == pytest.approx([30.0, 300 * 0.2 * 2 ** 0.5, 300 * 0.2 * 0.5 ** 0.5])
    assert heights == pytest.approx([30.0, 300 * 0.2 / 2 ** 0.5, 300 * 0.2 / 0.5 ** 0.5])
    assert len(SSDParams().anchors(3)[0]) == 6


def test_text_format_round_trips():
    node = Node("a/b", "Conv2D", ["x", "w"], {"padding": {"s": '"SAME"'}, "strides": {"list": {"i": ["1", "2"]}}})
    text = write_text_graph([node])
    again = parse_text_graph(text)
    assert [(n.name, n.op, n.inputs) for n in again] == [("a/b", "Conv2D", ["x", "w"])]
    assert write_text_graph(again) == text
