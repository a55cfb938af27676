"""Invented complaint texts for the demo, a few per category, with the place named as residents do."""

import numpy as np

TEMPLATES = {
    "property": [
        "{p}物业不作为，楼道垃圾多日无人清理",
        "{p}物业费收了不办事，报修一直没人来",
        "{p}小区门禁坏了半个月没人修",
    ],
    "housing_repair": [
        "{p}顶层房屋漏雨，墙皮脱落",
        "{p}楼顶防水层老化，一下雨屋里就漏水",
        "{p}外墙开裂渗水，请尽快修缮",
    ],
    "heating": ["{p}暖气不热，室温只有14度", "{p}家中暖气片冰凉，家有老人", "{p}供暖管道漏水，暖气不热"],
    "parking_traffic": [
        "{p}停车难，车辆乱停堵塞消防通道",
        "{p}外来车辆占用车位，晚上无处停车",
        "{p}门口乱停车，出行困难",
    ],
    "noise": ["{p}附近夜间施工噪音扰民", "{p}楼下商户音响声音太大", "{p}广场舞音量过大影响休息"],
    "cityscape": ["{p}路边垃圾堆放无人清运", "{p}违规张贴小广告", "{p}共享单车堆积占用人行道"],
    "environment": ["{p}附近餐馆油烟扰民", "{p}露天焚烧垃圾，烟味很大", "{p}绿地被毁，黄土裸露扬尘"],
    "construction": ["{p}有人私搭乱建，占用公共空间", "{p}楼顶违建，存在安全隐患", "{p}一层住户私自开墙打洞"],
    "public_safety": ["{p}楼道堆放杂物，堵塞消防通道", "{p}电动车楼道充电，存在火灾隐患", "{p}闻到燃气味，请尽快处理"],
    "roads": ["{p}路面坑洼不平，需要硬化修补", "{p}人行道砖松动破损", "{p}道路井盖缺失，存在坠落危险"],
    "drainage": ["{p}雨后道路积水严重，无法通行", "{p}下水道堵塞返味", "{p}地下室进水，积水没过脚面"],
    "utilities": ["{p}突然停水，没有通知", "{p}楼内断电，电梯停运", "{p}自来水发黄，有异味"],
    "market": ["{p}占道经营，流动摊贩影响通行", "{p}店铺缺斤短两", "{p}早市结束后垃圾满地"],
    "social_order": ["{p}有人深夜聚集喧哗", "{p}群租房人员混杂", "{p}有人遛狗不拴绳"],
    "other": ["{p}希望增设休闲座椅", "{p}建议增加社区养老服务", "{p}咨询老旧小区加装电梯政策"],
}


def describe(rng: np.random.Generator, category: str, place: str) -> str:
    return str(rng.choice(TEMPLATES[category])).format(p=place)
