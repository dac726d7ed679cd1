"""Official list orders: surname strokes (kTotalStrokes) and pinyin with surname readings."""

from zhenxing.names import pinyin_key, pinyin_of, split_name, stroke_key, total_strokes


def test_stroke_counts_come_from_unihan():
    assert [total_strokes(c) for c in "乙丁王张曾"] == [1, 2, 4, 7, 12]
    assert total_strokes("A") == 0 and total_strokes("·") == 0


def test_stroke_order_first_character_then_next_then_pinyin():
    names = ["王五", "丁一", "王二", "张三", "乙三", "王力"]
    assert sorted(names, key=stroke_key) == ["乙三", "丁一", "王二", "王力", "王五", "张三"]


def test_same_strokes_everywhere_falls_back_to_pinyin():
    # 王 and 尤 both have 4 strokes; 五 and 丰 both 4: pinyin decides (wang < you).
    assert total_strokes("王") == total_strokes("尤") == 4
    assert sorted(["尤丰", "王五"], key=stroke_key) == ["王五", "尤丰"]


def test_surnames_take_their_surname_reading():
    assert pinyin_of("曾国藩").startswith("zeng1")
    assert pinyin_of("单田芳").startswith("shan4")
    assert pinyin_of("解缙").startswith("xie4")
    assert pinyin_of("仇英").startswith("qiu2")
    assert pinyin_of("朴树").startswith("piao2")
    assert pinyin_of("区志华").startswith("ou1")
    assert pinyin_of("查良镛").startswith("zha1")
    assert pinyin_of("盖聂").startswith("ge3")
    assert pinyin_of("尉迟恭").startswith("yu4chi2")


def test_compound_surnames_and_mongolian_names():
    assert split_name("欧阳修") == ("欧阳", "修")
    assert split_name("阿拉坦·巴根") == ("阿", "拉坦巴根")
    assert split_name("欧阳") == ("欧", "阳")  # a two-character name is surname + given name


def test_pinyin_order_reads_surnames_right():
    # Everyday reading would put 单 (dan) before 李 (li); as a surname it is shan.
    assert sorted(["单雄信", "李四", "曾明"], key=pinyin_key) == ["李四", "单雄信", "曾明"]
