"""The words of the demo data: stream titles, owner names and report texts as a Chinese platform's users write them
(a few in English, as some users do)."""
from __future__ import annotations

import random

from dashboard.enums import Category, OwnerKind, ReportReason

TITLES = {
    Category.PET: ["{name}的猫咪日常", "狗狗看家直播", "阳台上的鹦鹉", "{name}家的柯基", "Kitty cam"],
    Category.SCENERY: ["{place}日出延时", "{place}湖边风景", "{place}老街夜景", "山顶云海", "Sunset over the bay"],
    Category.CRAFT: ["{name}的陶艺工作室", "手工竹编直播", "木工坊现场", "刺绣慢直播"],
    Category.OTHER: ["{place}路口实况", "{name}的直播间", "小区门口", "Street corner live"],
    Category.SHOP: ["{name}便利店", "{place}水果店收银台", "{name}五金店", "{place}服装店店内"],
    Category.RESTAURANT: ["{name}面馆后厨", "{place}火锅店大堂", "{name}早餐铺", "{place}烧烤店"],
    Category.AGRICULTURE: ["{place}蔬菜大棚", "{name}的果园", "{place}稻田", "养鸡场实况"],
    Category.ECOLOGICAL_AGRICULTURE: ["{place}生态茶园", "{name}有机菜地", "{place}稻鸭共生田", "林下养蜂场"],
    Category.POVERTY_ALLEVIATION: ["{place}助农直播间", "{place}农产品展销", "{name}扶贫合作社", "{place}手工坊帮扶"],
    Category.CAMPUS: ["{place}实验小学 三年级二班", "{place}中学 初一(3)班", "{place}幼儿园 大班", "{place}小学 美术教室"],
}
PLACES = ["杭州", "成都", "贵阳", "昆明", "西安", "长沙", "南宁", "兰州", "合肥", "福州", "大理", "黔东南"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平"]
OWNERS = {
    OwnerKind.INDIVIDUAL: "{name}",
    OwnerKind.MERCHANT: "{place}{name}商行",
    OwnerKind.FARM_COOP: "{place}{surname}家农业合作社",
    OwnerKind.WELFARE_ORG: "{place}乡村振兴公益基金会",
    OwnerKind.SCHOOL: "{place}第{number}小学",
}
REPORTS = {
    ReportReason.PRIVACY: ["店里的顾客都被直播出去了，没人同意过", "我路过门口被拍到了，脸看得很清楚",
                           "直播里能看到排队结账的人", "People in the shop are on this live stream without consent"],
    ReportReason.MINORS: ["直播里有很多小孩，家长不知道", "教室画面公开了，学生都能看清", "Kids are visible in this stream"],
    ReportReason.INDECENT: ["画面里有不雅内容", "主播行为不当"],
    ReportReason.OTHER: ["标题和内容不符", "直播一直在卖假货", "画面一直黑屏但还在推荐", "Looks like spam"],
}


def person(rng: random.Random) -> str:
    """A Chinese personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))


def owner_name(rng: random.Random, kind: OwnerKind) -> str:
    """An owner's name as the platform registered it."""
    return OWNERS[kind].format(name=person(rng), place=rng.choice(PLACES), surname=rng.choice(SURNAMES),
                               number=rng.randint(1, 30))


def stream_title(rng: random.Random, category: Category) -> str:
    """A stream title as its owner typed it."""
    return rng.choice(TITLES[category]).format(name=person(rng), place=rng.choice(PLACES))


def report_text(rng: random.Random, reason: ReportReason) -> str:
    """What a viewer wrote when reporting."""
    return rng.choice(REPORTS[reason])
