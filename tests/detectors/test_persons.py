"""The person-detector registry and each backend: real Ultralytics with a model the tests built, the real SSDLite
graph on OpenCV DNN, the motion-only backend, `auto` fallback and bad names."""
from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from detectors.errors import ModelUnavailable
from detectors.persons import DetectorSettings, Plugin, backend_names, choose_person_detector, plugins
from detectors.persons.plugins import discover
from detectors.persons.motion_only import MotionOnlyDetector
from detectors.persons.ssdlite import SSDLiteDetector, load_ssdlite, tiles
from detectors.persons.yolo import YoloDetector, load_yolo


def test_yolo_weights_load_and_track_real_frames(yolo_weights, media):
    detector = load_yolo(yolo_weights, imgsz=320)
    assert detector.imgsz == 320 and detector.describe() == "yolo (yolo11n-random.pt, imgsz 320)"
    capture = cv2.VideoCapture(str(media / "davis_breakdance.mp4"))
    detector.reset()
    for _ in range(3):
        ok, frame = capture.read()
        assert ok
        boxes = detector.track(frame)
        assert all(0 <= b.x1 <= b.x2 <= frame.shape[1] for b in boxes)
    capture.release()
    assert isinstance(detector.detect(frame), list)


def test_missing_weights_file_names_the_setting(tmp_path):
    with pytest.raises(ModelUnavailable, match="CONSOLE_YOLO_WEIGHTS"):
        load_yolo(str(tmp_path / "missing.pt"))


def test_ssdlite_finds_the_people_in_real_photos_and_none_in_animals(ssdlite, media, ultralytics_assets):
    bus = cv2.imread(str(ultralytics_assets / "bus.jpg"))
    assert len(ssdlite.detect(bus)) >= 3  # four people stand in front of the bus; tiles find the small ones
    zidane = cv2.imread(str(ultralytics_assets / "zidane.jpg"))
    assert len(ssdlite.detect(zidane)) >= 2
    for animal in ("davis_cows_00050.jpg", "davis_goat_00045.jpg", "dlib_dogs.jpg"):
        image = cv2.imread(str(media / animal))
        assert ssdlite.detect(image) == [], animal


def test_ssdlite_tracks_give_stable_ids_across_frames(ssdlite, media):
    capture = cv2.VideoCapture(str(media / "davis_breakdance.mp4"))
    ssdlite.reset()
    ids = []
    for _ in range(4):
        ok, frame = capture.read()
        ids.append({b.track_id for b in ssdlite.track(frame) if b.track_id is not None})
    capture.release()
    assert ids[-1] and len(ids[-1] & ids[-2]) >= 0.5 * len(ids[-1])  # most people keep their id frame to frame


@pytest.mark.parametrize(("shape", "side", "overlap", "count"), [
    ((480, 854), 480, 0.0, 2), ((480, 854), 300, 0.0, 6), ((300, 300), 300, 0.0, 0), ((1080, 1920), 540, 0.0, 8),
    ((576, 768), 192, 0.4, 30), ((1080, 1920), 240, 0.4, 91),
])
def test_tiles_cover_the_frame(shape, side, overlap, count):
    found = tiles(shape, side, overlap=overlap)
    assert len(found) == count
    if found:
        assert min(t.x1 for t in found) == 0 and max(t.x2 for t in found) == shape[1]
        assert min(t.y1 for t in found) == 0 and max(t.y2 for t in found) == shape[0]
        steps = sorted({t.x1 for t in found})
        assert all(b - a <= side * (1 - overlap) + 1e-6 for a, b in zip(steps, steps[1:]))


def test_auto_falls_back_to_ssdlite_and_says_why(tmp_path):
    choice = choose_person_detector(DetectorSettings(backend="auto", yolo_weights=str(tmp_path / "none.pt"),
                                                     cache_dir=tmp_path / "models"))
    assert isinstance(choice.detector, SSDLiteDetector)
    assert choice.label.startswith("ssdlite (offline: yolo: YOLO weights file")
    assert "CONSOLE_YOLO_WEIGHTS" in choice.fallback_reason


def test_auto_prefers_yolo_when_its_weights_load(yolo_weights, tmp_path):
    choice = choose_person_detector(DetectorSettings(backend="auto", yolo_weights=yolo_weights, cache_dir=tmp_path))
    assert isinstance(choice.detector, YoloDetector) and choice.fallback_reason is None


def test_named_backends_are_built_and_cached(tmp_path):
    settings = DetectorSettings(backend="motion", cache_dir=tmp_path)
    choice = choose_person_detector(settings)
    assert isinstance(choice.detector, MotionOnlyDetector) and choice.label == "motion"
    assert choose_person_detector(settings) is choice  # one build per process and settings


def test_named_backend_that_cannot_load_fails_naming_the_setting(tmp_path):
    with pytest.raises(ModelUnavailable, match="CONSOLE_PERSON_DETECTOR=yolo: .*CONSOLE_YOLO_WEIGHTS"):
        choose_person_detector(DetectorSettings(backend="yolo", yolo_weights=str(tmp_path / "no.pt")))


@pytest.mark.parametrize("name", ["YOLO", "ssd", "", "hog"])
def test_unknown_backend_names_are_refused(name):
    assert name not in backend_names()
    with pytest.raises(ModelUnavailable, match="CONSOLE_PERSON_DETECTOR"):
        DetectorSettings(backend=name)


def test_the_backends_are_the_plugin_modules_in_auto_order():
    assert backend_names() == ("auto", "yolo", "ssdlite", "motion")
    assert all(isinstance(plugin, Plugin) for plugin in plugins().values())


def test_a_new_plugin_module_is_a_backend_without_any_other_list(tmp_path, monkeypatch):
    package = tmp_path / "more_detectors"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "blobs.py").write_text(
        "from detectors.persons.motion_only import MotionOnlyDetector\n"
        "from detectors.persons.plugins import Plugin\n"
        "PLUGIN = Plugin('blobs', lambda settings: MotionOnlyDetector(), auto_rank=0)\n")
    (package / "helpers.py").write_text("VALUE = 1\n")  # a module without PLUGIN is no backend
    monkeypatch.syspath_prepend(str(tmp_path))
    found = discover(package, "more_detectors")
    assert list(found) == ["blobs"] and found["blobs"].build(DetectorSettings()).name == "motion"


def test_two_plugins_with_one_name_are_refused(tmp_path, monkeypatch):
    package = tmp_path / "twice"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module in ("a", "b"):
        (package / f"{module}.py").write_text(
            "from detectors.persons.plugins import Plugin\n"
            "PLUGIN = Plugin('same', lambda settings: None, auto_rank=1)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="a second person detector named 'same'"):
        discover(package, "twice")


@pytest.mark.parametrize("content", [b"", b"not a tensorflow graph at all"])
def test_corrupt_graph_file_is_a_clear_error(tmp_path, content):
    graph = tmp_path / "frozen_inference_graph.pb"
    graph.write_bytes(content)
    with pytest.raises(ModelUnavailable, match="could not be loaded|cannot read the graph"):
        load_ssdlite(cache_dir=tmp_path / "cache", graph=graph)


def test_missing_graph_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailable, match="does not exist"):
        load_ssdlite(cache_dir=tmp_path, graph=tmp_path / "missing.pb")


class _ScriptedNet:
    """Stands in for the SSD network (the layer above is under test): answers each area, in the order they are
    given (one per forward pass), with boxes given in frame pixels, as the real network's rows would carry them."""

    def __init__(self, boxes_by_area: dict[int, list[tuple[float, float, float, float]]], areas: list) -> None:
        self.boxes_by_area, self.areas, self.index = boxes_by_area, areas, -1

    def setInput(self, blob) -> None:  # noqa: N802 (OpenCV's name)
        assert blob.shape[0] == 1, "one area per forward pass"
        self.index += 1

    def forward(self):
        import numpy as np

        if self.index >= len(self.areas):  # a look the test did not script (across a seam): nobody there
            return np.zeros((1, 1, 0, 7), np.float32)
        area = self.areas[self.index]
        rows = [[0, 1, 0.9, (x1 - area.x1) / area.width, (y1 - area.y1) / area.height,
                 (x2 - area.x1) / area.width, (y2 - area.y1) / area.height]
                for x1, y1, x2, y2 in self.boxes_by_area.get(self.index, [])]
        return np.array(rows, dtype=np.float32).reshape(1, 1, -1, 7)


def _detect_with(boxes_by_area, shape=(480, 854, 3)):
    import numpy as np

    from detectors.boxes import Box

    image = np.zeros(shape, np.uint8)
    probe = SSDLiteDetector.__new__(SSDLiteDetector)
    areas = [Box(0, 0, shape[1], shape[0])] + probe._tile_set(shape)
    detector = SSDLiteDetector(_ScriptedNet(boxes_by_area, areas))
    return detector.detect(image), areas


def test_a_part_of_a_person_cut_by_a_tile_is_merged_into_the_whole_frame_box():
    """A close-up person: the whole frame sees them; a tile sees a part cut at its edges that sticks out of the
    whole box a little (the detectors disagree on the shoulders). One person, one box."""
    found, areas = _detect_with({0: [(150, 40, 420, 470)], 1: [(110, 20, 299, 300)]})
    assert areas[1].x2 == 300 and areas[1].y2 == 300
    assert len(found) == 1


def test_a_second_person_cut_by_a_tile_keeps_their_box():
    """Beside the first person, a second one the whole frame missed, cut by the tile: their edges are their own."""
    found, _ = _detect_with({0: [(20, 40, 160, 470)], 1: [(170, 60, 299, 300)]})
    assert len(found) == 2


def test_real_yolo_weights_find_and_track_real_people(real_yolo_weights, media, ultralytics_assets):
    """The real Ultralytics predict and track path with trained weights: the four people on bus.jpg, one walker
    tracked under one id across the parkour clip, nobody on the goat hillside."""
    from detectors.frames import SamplingPlan, frames

    detector = load_yolo(real_yolo_weights)
    assert detector.person_classes == [0, 1]  # 'Normal' and 'Fall' are both people
    bus = detector.detect(cv2.imread(str(ultralytics_assets / "bus.jpg")))
    assert len(bus) >= 3 and all(box.conf >= detector.conf for box in bus)
    assert detector.detect(cv2.imread(str(media / "davis_goat_00045.jpg"))) == []
    detector.reset()
    ids = [box.track_id for frame in frames(str(media / "davis_parkour.mp4"), SamplingPlan(every_seconds=0.5))
           for box in detector.track(frame.image)]
    assert len(ids) >= 5 and len({i for i in ids if i is not None}) == 1


@pytest.mark.parametrize(("shape", "largest", "size"), [
    ((90, 60, 3), 640, 320),     # a small walker's crop: enlarged to the floor, not to 640
    ((300, 170, 3), 640, 320),
    ((330, 200, 3), 640, 352),   # rounded up to the stride
    ((900, 700, 3), 640, 640),   # never above the configured size
    ((200, 100, 3), 256, 256),   # nor above a configured size below the floor
])
def test_a_crop_is_looked_at_at_a_size_fitted_to_it(shape, largest, size):
    from detectors.persons.yolo import crop_size

    assert crop_size(shape, largest) == size


@pytest.mark.parametrize("photo", ["bus.jpg", "walkway"])
def test_real_yolo_weights_second_look_believes_real_people_at_the_fitted_size(photo, real_yolo_weights,
                                                                              ultralytics_assets, walkway_stills,
                                                                              monkeypatch):
    """Every person the real weights find is found again in their own crop at the crop's size: the bus's tall
    people at 640, the walkway's small walkers enlarged no further than their crops need (below 640: the second
    looks that cost 1.2-1.9 s a walkway frame at 640 cost 0.4 s)."""
    detector = load_yolo(real_yolo_weights)
    path = ultralytics_assets / photo if photo == "bus.jpg" else min(walkway_stills.glob("*.png"))
    image = cv2.imread(str(path))
    people = detector.detect(image)
    sizes, predict = [], detector.model.predict
    monkeypatch.setattr(detector.model, "predict",
                        lambda *args, **kwargs: sizes.append(kwargs["imgsz"]) or predict(*args, **kwargs))
    assert len(people) >= 3 and all(detector.second_look(image, person) for person in people)
    assert (max(sizes) < 640) == (photo == "walkway")


def _walker_scene(x: int, y: int, *, with_person: bool = True):
    """A grey frame: a smooth ground with a textured 20x50 'person' at (x, y) (seeded noise: pixels to recognise)."""
    import numpy as np

    image = np.tile(np.linspace(90, 130, 320, dtype=np.uint8), (240, 1))
    if with_person:
        image[y:y + 50, x:x + 20] = np.random.default_rng(7).integers(0, 255, (50, 20), dtype=np.uint8)
    return image


@pytest.mark.parametrize("step", [(0, 0), (12, 0), (-15, 6)])
def test_a_carried_person_is_followed_by_their_pixels(step):
    from detectors.boxes import Box
    from detectors.persons.ssdlite import _follow, _patch

    seen = Box(100, 80, 120, 130)
    patch = _patch(_walker_scene(100, 80), seen)
    now = _follow(_walker_scene(100 + step[0], 80 + step[1]), seen, patch)
    assert now is not None and (now.x1, now.y1) == (100 + step[0], 80 + step[1])


@pytest.mark.parametrize("where", [None, (240, 150)])
def test_a_carried_box_whose_person_left_is_dropped_not_counted_as_a_ghost(where):
    """The person walked out of the frame, or further than a step away: nothing left to carry."""
    from detectors.boxes import Box
    from detectors.persons.ssdlite import _follow, _patch

    seen = Box(100, 80, 120, 130)
    patch = _patch(_walker_scene(100, 80), seen)
    later = _walker_scene(*where) if where else _walker_scene(0, 0, with_person=False)
    assert _follow(later, seen, patch) is None


def test_a_still_of_small_walkers_is_looked_at_closer_and_a_close_up_is_not(ssdlite, media, walkway_stills):
    """Closer tiles (about 1.5x) add walkers of 40-70 px on a walkway photo; where someone is near the camera
    (a PASCAL VOC table) they would only find parts of that person, so they are not run."""
    walkway = cv2.imread(str(walkway_stills / "opencv_vtest_0120.png"))  # 8 people, 6 found by detect()
    assert len(ssdlite.detect_thorough(walkway)) > len(ssdlite.detect(walkway))
    close_up = cv2.imread(str(media / "dlib_voc_2008_004176.jpg"))
    assert ssdlite.detect_thorough(close_up) == ssdlite.detect(close_up)


@pytest.mark.parametrize(("region", "known", "explained"), [
    ((100, 100, 130, 180), [(98, 96, 132, 182)], True),  # one walker, their box
    ((100, 100, 165, 180), [(98, 96, 132, 182)], False),  # two walkers side by side, one blob: one box is not both
    ((100, 100, 165, 180), [(98, 96, 132, 182), (134, 100, 166, 182)], True),  # both found
    ((100, 100, 130, 140), [(90, 90, 140, 200)], True),  # legs moving inside a person's box
    ((100, 100, 130, 180), [], False),
    ((100, 100, 130, 180), [(300, 100, 330, 180)], False),  # someone elsewhere
])
def test_a_moving_region_is_explained_only_by_people_covering_it(region, known, explained):
    from detectors.boxes import Box
    from detectors.persons.ssdlite import _explained

    assert _explained(Box(*region), [Box(*k) for k in known]) is explained


def test_a_walker_moving_beside_one_already_found_gets_a_closer_look(ssdlite, walkway_stills):
    """Walkway frame 480: two men side by side move as one blob; the whole frame finds the left one only. The blob is
    not explained by his box alone, so the tracker looks closer there and finds the right one too (before, the
    blob was taken as his and the man on the right went uncounted until a tile reached him)."""
    from detectors.boxes import Box

    frame = cv2.imread(str(walkway_stills / "opencv_vtest_0480.png"))
    ssdlite.reset()
    ssdlite.track(frame)  # the first call looks at a tile too; the second looks only where something moves
    people = ssdlite.track(frame, regions=[Box(578, 254, 643, 384)])
    ssdlite.reset()
    assert any(p.x1 > 600 and p.y2 > 370 for p in people), people
    assert sum(p.x2 > 570 and p.x1 < 650 and p.y1 > 230 for p in people) == 2, people


class _CentreNet:
    """Stands in for the SSD network: counts the areas looked at and finds one person filling the middle of each
    area (where a closer look centres the motion), or only on the looks numbered in `seen_on`."""

    def __init__(self, seen_on: set[int] | None = None) -> None:
        self.looks, self.seen_on = 0, seen_on

    def setInput(self, blob) -> None:  # noqa: N802 (OpenCV's name)
        self.looks += 1

    def forward(self):
        import numpy as np

        sees = self.seen_on is None or self.looks in self.seen_on
        rows = [[0, 1, 0.9, 0.4, 0.2, 0.6, 0.8]] if sees else []
        return np.array(rows, dtype=np.float32).reshape(1, 1, -1, 7)


@pytest.mark.parametrize(("width", "regions", "looks"), [
    (768, [(100 + 150 * i, 300, 120 + 150 * i, 350) for i in range(5)], 2),  # two closer looks a call
    (1920, [(100 + 350 * i, 300, 120 + 350 * i, 350) for i in range(5)], 5),  # more on a wider frame
    (1920, [(400, 300, 440, 400), (450, 330, 470, 380)], 1),  # the second moves inside the first's area
])
def test_closer_looks_a_call(width, regions, looks):
    import numpy as np

    from detectors.boxes import Box

    net = _CentreNet()
    detector = SSDLiteDetector(net)
    found, looked = detector._closer_look(np.zeros((width * 9 // 16, width, 3), np.uint8), [Box(*r) for r in regions],
                                          [])
    assert looked == net.looks == looks
    assert len(found) >= looks


def test_a_person_a_closer_look_found_is_carried_while_the_looks_move_on():
    """Found once around the motion, a walker is followed by their pixels for NEAR_CALLS calls (no look spent on
    their motion meanwhile), then dropped unless found again: a ghost is not carried for ever."""
    import numpy as np

    from detectors.boxes import Box
    from detectors.persons.ssdlite import NEAR_CALLS

    image = np.clip(np.random.default_rng(3).normal(128, 40, (576, 768, 3)), 0, 255).astype(np.uint8)
    region = Box(300, 200, 340, 300)
    net = _CentreNet(seen_on={2})  # the first call's closer look (the whole frame is look 1)
    detector = SSDLiteDetector(net, tile_every=10**6)  # no tiles: only the whole frame and closer looks
    first = detector.track(image, regions=[region])
    looks = net.looks
    later = [detector.track(image, regions=[region]) for _ in range(NEAR_CALLS + 1)]
    assert len(first) == 1
    assert [len(people) for people in later] == [1] * (NEAR_CALLS - 1) + [0, 0]
    assert net.looks - looks == len(later) + 2  # the whole frame each call; the motion's only once he expired


@pytest.mark.parametrize(("size", "moving", "looks"), [
    ((768, 576), False, [1 + 6, 1, 2, 1]),  # every tile on the first call, then one every other call
    ((768, 576), True, [1 + 1 + 6, 1 + 1, 1 + 1, 1 + 1]),  # a call that looked closer at motion takes no tile
    ((1920, 1080), True, [1 + 1 + 8, 1 + 1 + 1, 1 + 1 + 1, 1 + 1 + 1]),  # an HD frame: a tile on every call
])
def test_tiles_a_call(size, moving, looks):
    """A scan's first call looks at every tile (whoever stands there is found at once and carried); later calls
    look at one tile in turn, on every call for an HD frame, where people are smaller and tiles more."""
    import numpy as np

    from detectors.boxes import Box

    net = _CentreNet(seen_on=set())  # finds nobody: every call's motion stays unexplained
    detector = SSDLiteDetector(net)
    image = np.zeros((size[1], size[0], 3), np.uint8)
    regions = [Box(100, 100, 130, 180)] if moving else []
    done = []
    for _ in looks:
        before = net.looks
        detector.track(image, regions=regions)
        done.append(net.looks - before)
    assert len(detector._tile_set(image.shape)) == looks[0] - 1 - moving
    assert done == looks


def test_a_thorough_look_that_finds_nobody_whole_looks_closer_with_a_higher_bar(ssdlite):
    """The vaulter from behind at 0.45 of the DAVIS frame (384 x 216): the whole frame and its tiles find nobody,
    a closer tile finds him (0.81), so his head is covered (backs of heads 0.90 -> 1.00 on the labelled set); the
    graffiti figure a closer tile scores 0.45 stays out (ALONE_CONF), so the person-free photo keeps no box."""
    heads = Path(__file__).resolve().parents[2] / "data" / "heads"
    vaulter = cv2.resize(cv2.imread(str(heads / "davis_parkour_075.jpg")), None, fx=0.45, fy=0.45,
                         interpolation=cv2.INTER_AREA)
    assert ssdlite.detect(vaulter) == []
    found = ssdlite.detect_thorough(vaulter)
    head = (420 * 0.45, 47 * 0.45, 455 * 0.45, 80 * 0.45)
    assert any(b.x1 <= head[2] and b.x2 >= head[0] and b.y1 <= head[3] + 10 for b in found), found
    assert ssdlite.detect_thorough(cv2.imread(str(heads / "no_people" / "opencv_graf1.jpg"))) == []
