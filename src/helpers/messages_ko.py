"""The Korean catalogue: the Korean of every text the figures draw and of their data columns.

Keys are the English texts the code writes, with named fields where it fills in values
(see :mod:`helpers.i18n` for the field kinds); values are the Korean, using the same
fields. A figure text with no entry here is drawn in English in the Korean figure and fails
``tests/test_korean.py``, which names it. Terms follow the Ministry of Unification:
북한이탈주민 (North Korean defectors), 입국 (arrival); 탈북민 where the ministry uses it.
Ranges take a tilde, years too (2012~2019년, 8,799~27,916명): :func:`helpers.i18n.korean_ranges`
turns an English year range (2012-2019) into it.
"""

from __future__ import annotations

#: Figure texts: titles (findings), subtitles, axes, legends, notes, events and source lines.
FIGURES: dict[str, str] = {
    # --- source and credit line (helpers.figures.source_line, CREDIT)
    "Source: {sources}. Chart: nk-defector-arrivals, CC BY 4.0":
        "자료: {sources}. 차트: nk-defector-arrivals, CC BY 4.0",
    # the ministry as Korean charts credit it (자료: 통일부), not the English "of South Korea"
    "Ministry of Unification, South Korea": "통일부",
    "Ministry of Unification, South Korea ({years} via news reports)": "통일부({years}년은 언론 보도 인용)",
    "{a:years} and {b:years}": "{a}년, {b}",  # a list of years: the unit after each (2001년, 2020~2025년은)
    "Ministry of Unification, South Korea (partly via news reports)": "통일부(일부 언론 보도 인용)",
    "UNHCR": "유엔난민기구(UNHCR)",
    # --- dated events (helpers.figures.EVENT_LABELS)
    "Resettlement pay cut to ₩10m": "정착기본금 1000만 원으로 삭감",
    "Resettlement pay cut to ₩6m": "정착기본금 600만 원으로 삭감",
    "Border tightened": "국경 통제 강화",
    "Kim Jong-un": "김정은 집권",
    "COVID-19": "코로나19",
    # --- row labels of the figures' data (figures/ko/*.csv), beside their English
    "age_at_entry": "입국 당시 연령", "education_in_north": "북한 내 학력", "occupation_in_north": "북한 내 직업",
    "bin: annual average": "합산 연도: 연평균", "bin: everything up to 1998 (cumulative, not one year)":
        "1998년까지 누적(한 해 수치 아님)",
    "derived": "계산(다른 발표 수치에서)", "in a half year": "반기 수치에 포함", "published": "발표",
    "pending claims": "심사 대기 중인 망명 신청", "refugees": "난민",
    "single years, other source (no sex split)": "단년 수치(다른 출처, 성별 구분 없음)",
    "sum of the annual series": "연간 계열의 합",
    # --- 01 arrival trends
    "Arrivals peaked at {peak:num} in {peak_year:year}, fell after {fall_year:next} and fell most sharply in "
    "{collapse_year:year}, by {change:num}":
        "탈북민 입국자는 {peak_year}년 {peak}명으로 정점을 찍고 {fall_year}년부터 줄었다. {collapse_year}년 "
        "{change} 감소로 낙폭이 가장 컸다",
    "Arrivals peaked at {peak:num} in {peak_year:year} and fell most sharply in {collapse_year:year}, by {change:num}":
        "탈북민 입국자는 {peak_year}년 {peak}명으로 정점을 찍었고, {collapse_year}년 {change} 감소로 "
        "낙폭이 가장 컸다",
    "North Korean defectors arriving in South Korea, per year": "연도별 북한이탈주민 입국자 수",
    "arrivals": "입국자 수",
    "arrivals in the year": "해당 연도 입국자 수",
    "{start:year}-{end:year} bin: annual average ({mean:num})": "{start}-{end}년 합산: 연평균({mean}명)",
    "single years (other source, no sex split)": "단년 수치(다른 출처, 성별 구분 없음)",
    "Up to {year:year}:\n{n:num} arrivals\nin all (cumulative,\nnot one year)":
        "{year}년까지\n누적 {n}명\n(한 해가 아닌\n누적 수치)",
    "{n:num} arrivals registered by the end of {year:year}": "{year}년 말까지 등록된 탈북민 입국자 {n}명",
    "Cumulative arrivals at each year end; published totals marked":
        "연말 기준 북한이탈주민 누적 입국자 수와 공표된 누적 합계",
    "arrivals since records began": "집계 시작 이후 누적 입국자 수",
    "sum of the annual series (at 31 December)": "연간 수치의 합(12월 31일 기준)",
    "published cumulative total": "공표된 누적 합계",
    "With phases of at least {k:num} years, the data split the series into {m:num}: {phases}":
        # two lines at most: the phases and their yearly rates are the legend's, beside the lines
        "탈북민 입국 추세는 {m}개 국면(국면당 {k}년 이상)으로 나뉜다",
    "{years:years} rising": "{years}년 증가",
    "{years:years} falling": "{years}년 감소",
    "{years:years} no clear trend": "{years}년 추세 불분명",
    "Arrivals per year (log scale), the fitted line of each phase and its yearly rate ({level:num} interval, given the "
    "phase's years); with {k:num}-year phases allowed, {rest}":
        "연도별 북한이탈주민 입국자 수(로그 척도), 국면별 적합선과 연간 변화율({level} 신뢰구간, 국면이 바뀌는 연도는 "
        "고정하고 계산). {k}년 국면을 허용하면 {rest}",
    "BIC would take as many breaks as searched": "BIC는 탐색한 만큼 많은 구조 변화를 택한다",
    "{n:num} phases": "{n}개 국면",
    "arrivals (log scale)": "입국자 수(로그 척도)",
    "fitted line of the phase": "국면별 적합선",
    # the English gives the unit once (+6 to +16%); a signed Korean range gives it twice (+6%~+16%)
    "{years:years}: {rate:num} a year ({low:num} to {high:num})": "{years}년: 연 {rate}({low}%~{high})",
    "{years:years}: {rate:num} a year (too few years for an interval)":
        "{years}년: 연 {rate}(연도가 적어 구간 없음)",
    "Wikipedia's {year:year} figure ({n:num}) is the first quarter; the year had {total:num}":
        "위키백과 영어판의 {year}년 수치({n}명)는 1분기 수치다. 그해 탈북민 입국은 {total}명이었다",
    "Arrivals per quarter, {year:year} onward": "분기별 북한이탈주민 입국자 수, {year}년 이후",
    "arrivals in the quarter": "분기 입국자 수",
    "quarter not published": "공표되지 않은 분기",
    "Arrivals per quarter, {year:year} onward; the last quarter published is {y:year} Q{q:num}, then only half years":
        "분기별 북한이탈주민 입국자 수, {year}년 이후. 마지막으로 공표된 분기는 {y}년 {q}분기이고 그 뒤로는 "
        "반기 수치만 있다",
    "derived: a half year or a year less its published quarters": "산출값: 반기 또는 연간 수치에서 공표된 분기를 뺀 값",
    "half year:\n{n:num}": "반기:\n{n}명",
    "Wikipedia's '{year:year}':\n{n:num} (January-March)": "위키백과의 '{year}년':\n{n}명(1~3월)",
    # --- 02 gender shift
    "Women outnumbered men among arrivals every year from {year:year}, except {years}":
        "{years}년을 빼면 {year}년부터 해마다 탈북민 입국자 중 여성이 남성보다 많았다",
    "Arrivals per year by sex": "연도별·성별 북한이탈주민 입국자 수",
    "Arrivals per year by sex (log scale)": "연도별·성별 북한이탈주민 입국자 수(로그 척도)",
    "women": "여성",
    "men": "남성",
    "From {start:year} to {end:year} {sex} fell by a larger share ({m:fall} for men, {w:fall} for women)":
        "{start}~{end}년 탈북민 입국 감소율은 남성 {m}, 여성 {w}로 {sex}이 더 컸다",
    "Men and women fell at different times": "남성과 여성은 서로 다른 시기에 줄었다",
    "Women rose from {a:num} of arrivals in {start:year} to {b:num} in {end:year}, after a dip in {n:num} of the "
    "years {span:years}":
        "탈북민 입국자 중 여성 비율은 {start}년 {a}에서 {end}년 {b}로 높아졌다({span}년 중 {n}개 연도 일시 하락 후)",
    "Women rose from {a:num} of arrivals in {start:year} to {b:num} in {end:year}, after a dip in {dip}":
        "탈북민 입국자 중 여성 비율은 {start}년 {a}에서 {end}년 {b}로 높아졌다({dip}년 일시 하락 후)",
    "Women rose from {a:num} of arrivals in {start:year} to {b:num} in {end:year}":
        "탈북민 입국자 중 여성 비율은 {start}년 {a}에서 {end}년 {b}로 높아졌다",
    "Female share of arrivals per year, with Wilson {level:num} intervals":
        "연도별 북한이탈주민 입국자 중 여성 비율과 윌슨 {level} 신뢰구간",
    "women, % of arrivals": "여성 비율(입국자 중 %)",
    "up to {year:year}\n(bin): {share:num}": "{year}년까지\n누적 {share}",
    "{start:year}-{end:year} bin": "{start}-{end}년 합산",
    "year ({level:num} interval)": "연도별 수치({level} 신뢰구간)",
    "The odds that an arrival is a woman rose by a factor of {f:num} a year, {years:years} ({g:num} allowing for "
    "runs of similar years)":
        "탈북민 입국자가 여성일 오즈는 {years}년에 해마다 {f}배씩 높아졌다(자기상관을 감안하면 {g}배)",
    "The odds that an arrival is a woman fell by a factor of {f:num} a year, {years:years} ({g:num} allowing for "
    "runs of similar years)":
        "탈북민 입국자가 여성일 오즈는 {years}년에 해마다 {f}배로 줄었다(자기상관을 감안하면 {g}배)",
    "The odds that an arrival is a woman changed by a factor of {f:num} a year, {years:years}; allowing for runs of "
    "similar years, no change cannot be ruled out":
        "탈북민 입국자가 여성일 연간 오즈비는 {years}년 {f}였다. 자기상관을 감안하면 변화가 없었을 가능성을 "
        "배제할 수 없다",
    "Observed share and fitted quasi-binomial trend with its {level:num} confidence band, {years:years}; later "
    "years against the {level2:num} prediction interval of a logit-normal trend model (top); scaled Pearson "
    "residuals (bottom)":
        "북한이탈주민 입국자 중 여성 비율의 관측값과 준이항 추세 적합선, 그 {level} 신뢰대({years}년), 이후 "
        "관측값과 로짓-정규 추세 모형의 한 해 {level2} 예측구간(위), 척도화 피어슨 잔차(아래)",
    "fitted trend ({level:num} confidence band)": "적합 추세({level} 신뢰대)",
    "observed": "관측값",
    "{level:num} prediction interval for one year": "한 해의 {level} 예측구간",
    "not\nfitted": "적합\n제외",
    "scaled Pearson residual": "척도화 피어슨 잔차",
    # --- 03 the decline after 2011
    "Residuals of the primary model over time (Durbin-Watson {dw:num})": "주 모형 잔차의 추이(더빈-왓슨 {dw})",
    "Scaled Pearson residuals of the quasi-Poisson model, {years:years}":
        "준포아송 모형의 척도화 피어슨 잔차, {years}년",
    "{k:num} shapes of the change fit about equally well ({c:num} with a year chosen from the data)":
        "변화 형태 {k}가지가 거의 똑같이 잘 맞는다. 그중 {c}가지는 자료에서 고른 변화 연도를 쓴다",
    "{k:num} shapes of the change fit about equally well (all with a year chosen from the data)":
        "변화 형태 {k}가지가 거의 똑같이 잘 맞는다. 모두 자료에서 고른 변화 연도를 쓴다",
    "{k:num} shapes of the change fit about equally well": "변화 형태 {k}가지가 거의 똑같이 잘 맞는다",
    "One shape fits best: {shape}": "가장 잘 맞는 형태: {shape}",
    "Arrivals per year, {years:years}, and the fitted shapes whose quasi-AIC is within {q:num} of the best; a year "
    "chosen by a scan or at the peak is not charged for, which flatters that shape":
        "연도별 북한이탈주민 입국자 수({years}년)와 준AIC가 최솟값과 {q} 이내인 적합 형태. 탐색이나 정점으로 고른 "
        "연도에는 벌점을 매기지 않아 그 형태가 유리해진다",
    "turn after {year:year}, no step": "{year}년 이후 기울기 변화(수준 변화 없음)",
    "turn at the {year:year} peak, no step": "{year}년 정점에서 기울기 변화(수준 변화 없음)",
    "step and turn in {year:year}": "{year}년 수준·기울기 변화",
    "step and turn in {year:year} (primary)": "{year}년 수준·기울기 변화(주 모형)",
    "step in {year:year} only": "{year}년 수준 변화만",
    "cubic curve": "3차 곡선",
    "quadratic curve": "2차 곡선",
    "one log-linear trend": "단일 로그선형 추세",
    # the words in the notebooks' tables (buildtools.site_pages.tables_ko)
    "rising": "증가", "falling": "감소", "no clear trend": "추세 불분명", "higher": "높아짐", "lower": "낮아짐",
    "none": "없음", "True": "예", "False": "아니요", "scan": "탐색", "fixed": "고정", "fixed (peak)": "고정(정점)",
    "Pearson chi-square / df of the primary model ({model})": "주 모형({model})의 피어슨 카이제곱/자유도",
    "After {year:next} arrivals fell below every 'no change' scenario; the shortfall is {low:num} to {high:num} "
    "people, by scenario":
        "{year}년부터 탈북민 입국자는 모든 '변화 없음' 시나리오를 밑돌았다. 부족분은 시나리오별 {low}~{high}명",
    "The shortfall after {year:year} is {low:num} to {high:num} people, by scenario":
        "{year}년 이후 부족분은 시나리오에 따라 {low}~{high}명",
    "Arrivals per year, {years:years}: observed, the primary model, and {k:num} scenarios for the years from "
    "{year:year} had nothing changed; two of the flat levels nearly coincide":
        "연도별 북한이탈주민 입국자 수({years}년): 관측값, 주 모형, {year}년 이후 변화가 없었다고 가정한 "
        "시나리오 {k}개. 수준 유지 시나리오 2개는 거의 겹친다",
    "Arrivals per year, {years:years}: observed, the primary model, and {k:num} scenarios for the years from "
    "{year:year} had nothing changed":
        "연도별 북한이탈주민 입국자 수({years}년): 관측값, 주 모형, {year}년 이후 변화가 없었다고 가정한 "
        "시나리오 {k}개",
    "primary model, fitted": "주 모형 적합값",
    "scenario: {name}": "시나리오: {name}",
    "pre-{year:year} trend continued (primary model)": "{year}년 이전 추세 지속(주 모형)",
    "level-only model without its {year:year} step": "수준 변화 모형에서 {year}년 변화를 뺀 경우",
    "{year:year} level held flat": "{year}년 수준 유지",
    "{years:years} mean held flat": "{years}년 평균 유지",
    "One constant growth rate is rejected: a break starting in any of {n:num} years ({years}) clears every "
    "critical value":
        "일정한 증가율 하나는 기각된다. {n}개 연도({years}년) 어느 해의 구조 변화든 모든 임계값을 넘는다",
    "One constant growth rate is rejected: a break starting in {year:year} clears every critical value":
        "일정한 증가율 하나로는 설명되지 않는다. {year}년에 시작하는 구조 변화가 모든 임계값을 넘는다",
    "One constant growth rate is not clearly rejected": "일정한 증가율 하나라는 가설이 뚜렷이 기각되지 않는다",
    "F statistic of a step-and-turn break against one log-linear trend, by first year after the break, "
    "{years:years}":
        "단일 로그선형 추세에 대한 수준·기울기 변화의 F 통계량, 변화 후 첫해별, {years}년",
    "sup-F {alpha:num} critical value, {name}: {value:num}": "sup-F 유의수준 {alpha} 임계값, {name}: {value}",
    "independent years": "독립 연도",
    "AR(1), rho {rho:num} (estimated)": "AR(1), ρ {rho}(추정값)",
    "AR(1), rho {rho:num}": "AR(1), ρ {rho}",
    "{year:year}, the primary model's year": "{year}년, 주 모형의 연도",
    "F statistic": "F 통계량",
    "first year after the break": "변화 후 첫해",
    "The break's year is uncertain: the {level:num} set is {years}":
        "구조 변화 시점은 불확실하다. {level} 신뢰집합은 {years}년이다",
    "The break is dated to {year:year}": "구조 변화 시점은 {year}년으로 특정된다",
    "Top: likelihood-ratio statistic by year (below the dashed line: in the {level:num} set). Bottom: posterior "
    "probability of each year (flat prior)":
        "위: 연도별 우도비 통계량(점선 아래는 {level} 신뢰집합). 아래: 연도별 사후확률(균등 사전분포)",
    "step and turn": "수준·기울기 변화",
    "turn, no step": "기울기 변화만",
    "above {value:num}, off the scale": "{value} 초과(축 밖)",
    "simulated {alpha:num} critical value": "모의실험 유의수준 {alpha} 임계값",
    "likelihood-ratio statistic": "우도비 통계량",
    "year of the break (step: first year after; turn: last year before)":
        "구조 변화 연도(수준·기울기 변화는 첫해, 기울기 변화만은 직전 해)",
    "posterior probability": "사후확률",
    "Since {year:year} arrivals have stayed below the {years:years} trend's prediction interval: {n:num} in "
    "{last:year}":
        "{year}년 이후 탈북민 입국자는 {years}년 추세의 예측구간 아래에 머물렀다. {last}년은 {n}명",
    "Arrivals after {year:year} against the {years:years} trend": "{year}년 이후 입국자와 {years}년 추세 비교",
    "Arrivals per year (log scale) and the {years:years} trend carried forward, with its {level:num} prediction "
    "interval for a single year":
        "연도별 북한이탈주민 입국자 수(로그 척도)와 {years}년 추세의 연장선, 한 해에 대한 {level} 예측구간",
    "{years:years} trend, carried forward after {year:year}": "{years}년 추세, {year}년 이후 연장",
    # --- 06 who arrives
    "{a:num} of arrivals were aged 20-39 when they came; {b:num} had no job in the North or were dependants":
        "탈북민 입국자의 {a}는 입국 당시 20~39세였고, {b}는 북한에서 무직이거나 부양가족이었다",
    "Share of all arrivals to {date} in each group (the ministry's cumulative tables)":
        "{date}까지 전체 북한이탈주민 입국자 중 집단별 비율(통일부 누적 통계)",
    "age at entry: % of arrivals": "입국 당시 연령: 입국자 중 %",
    "occupation in the North: % of arrivals": "북한에서의 직업: 입국자 중 %",
    "education in the North: % of arrivals": "북한에서의 학력: 입국자 중 %",
    "management": "관리직", "military": "군인", "worker": "노동자", "not employed or dependant": "무직·부양가족",
    "service": "봉사 분야", "arts and sports": "예술·체육", "professional": "전문직",
    "not applicable (children and others)": "비대상(아동 등)", "preschool": "취학 전 아동",
    "kindergarten": "유치원", "primary": "인민학교·소학교", "secondary": "중학교·고등중학교", "college": "전문학교",
    "university or above": "대학 이상", "no schooling": "무학", "unknown or other": "기타·불명",
    "{a:num} of arrivals came from {provinces}, the northeastern provinces bordering China":
        "탈북민 입국자의 {a}는 중국과 맞닿은 {provinces} 출신이었다",
    "Arrivals to {date} by province of origin: share of all, and of women in each (highlighted: {provinces})":
        "{date}까지 북한 출신 지역별 북한이탈주민 입국자 비율과 지역별 여성 비율(색으로 표시: {provinces})",
    "% of arrivals": "입국자 중 %", "women, %": "여성 비율 %",
    "no job or dependant": "무직·부양가족", "children, others": "비대상(아동 등)", "abroad, others": "기타(해외 등)",
    "university": "대학 이상",
    "the northeastern provinces bordering China": "중국과 맞닿은 지역",
    "Pyongyang": "평양", "Nampo": "남포", "Kaesong": "개성", "South Pyongan": "평안남도", "North Pyongan": "평안북도",
    "Chagang": "자강도", "South Hwanghae": "황해남도", "North Hwanghae": "황해북도", "Kangwon": "강원도",
    "South Hamgyong": "함경남도", "North Hamgyong": "함경북도", "Ryanggang": "양강도",
    "other (abroad and others)": "기타(해외 등)",
    "After {date}, a smaller share of arrivals {group}": "{date} 이후 탈북민 입국자 중 {group} 비율이 줄었다",
    "After {date}, a larger share of arrivals {group}": "{date} 이후 탈북민 입국자 중 {group} 비율이 늘었다",
    "The make-up of arrivals before and after {date} cannot be told apart":
        "{date} 전후 탈북민 입국자의 구성은 구별되지 않는다",
    "were aged 20-39 at entry": "입국 당시 20~39세",
    "0-9": "0~9세", "10-19": "10~19세", "20-29": "20~29세", "30-39": "30~39세", "40-49": "40~49세",
    "50-59": "50~59세", "60+": "60세 이상",
    "had no job in the North or were dependants": "북한에서 무직·부양가족",
    "had been workers in the North": "북한에서 노동자",
    "Share of arrivals in each group: up to {a}, and from then to {b}. Each is a range: the {c} report names "
    "only some groups, and each report leaves out the latest arrivals":
        "집단별 북한이탈주민 입국자 비율: {a}까지와 그 뒤 {b}까지. {c} 보고서가 일부 집단만 밝히고 보고서마다 "
        "최근 입국자를 빼므로 비율마다 범위로 나타낸다",
    "arrivals up to {date}": "{date}까지의 입국자",
    "arrivals {a} to {b}": "{a}~{b} 입국자",
    "% of the arrivals of the period": "해당 기간 입국자 중 %",
    # --- 05 refugees abroad (UNHCR)
    "Refugees abroad peaked at {n:num} in {year:year}; pending claims at {m:num} in {claims_year:year}, most of "
    "them in {country}":
        "해외 북한 출신 난민은 {year}년 {n}명, 심사 대기 망명 신청자는 {claims_year}년 {m}명(대부분 {country})으로 "
        "정점이었다",
    "North Koreans outside South Korea at each year end, by country of asylum: refugees (top) and pending asylum "
    "claims (bottom)":
        "비호국(망명 신청국)별 해외 북한 출신 난민(위)과 심사 대기 중인 망명 신청자(아래), 연말 기준",
    "refugees, year end": "난민, 연말",
    "pending claims, year end": "심사 대기 망명 신청자, 연말",
    "other countries": "기타 국가",
    "From {start:year} to {end:year} the stock abroad grew by {n:num}; the South received {m:num} fewer arrivals "
    "in {years:years} than at the {base:year} level":
        # the summed years lead and cover both clauses: the stock's change over them is from the end of
        # {start} to the end of {end} (abroad.scale)
        "{years}년 해외 북한 출신 난민·망명 신청자는 {n}명 늘었고 탈북민 입국은 {base}년 수준보다 "
        "모두 {m}명 적었다",
    "Arrivals in South Korea per year (a flow) and North Koreans registered abroad at each year end (a stock: "
    "refugees plus pending claims); log scale":
        "연도별 북한이탈주민 입국 인원(유량)과 연말 기준 해외 북한 출신 난민·심사 대기 망명 신청자 수(저량), 로그 척도",
    "people (log scale)": "명(로그 척도)",
    "arrivals in South Korea in the year": "해당 연도 탈북민 입국 인원",
    "refugees + pending claims abroad, year end": "해외 난민 + 심사 대기 망명 신청자, 연말",
    "{years:years}: the years compared": "{years}년: 비교한 연도",
    # countries of asylum (UNHCR's names)
    "Australia": "호주", "Austria": "오스트리아", "Belgium": "벨기에", "Canada": "캐나다", "China": "중국",
    "Denmark": "덴마크", "Finland": "핀란드", "France": "프랑스", "Germany": "독일", "Ireland": "아일랜드",
    "Italy": "이탈리아", "Japan": "일본", "Netherlands": "네덜란드", "New Zealand": "뉴질랜드", "Norway": "노르웨이",
    "Russian Federation": "러시아", "Sweden": "스웨덴", "Switzerland": "스위스", "Thailand": "태국",
    "United Kingdom": "영국", "United States": "미국", "United States of America": "미국",
}

#: The column names of the figures' data files (the Korean CSV has the same rows, these headers).
#: Korean titles that leave one field of their English to another part of the same chart, so
#: that they keep to two lines (Korean charts' rule; tests/test_korean.py holds every other
#: entry to the fields of its English): the English text -> (the fields left out, where the
#: chart shows them).
SHORTENED: dict[str, tuple[frozenset[str], str]] = {
    "With phases of at least {k:num} years, the data split the series into {m:num}: {phases}":
        (frozenset({"phases"}), "the legend lists every phase with its yearly rate"),
    "From {start:year} to {end:year} the stock abroad grew by {n:num}; the South received {m:num} fewer arrivals "
    "in {years:years} than at the {base:year} level":
        (frozenset({"start", "end"}), "the leading years (after {start} to {end}) cover both clauses: the change "
                                      "of a stock over them is from the end of {start} to the end of {end}"),
}

#: The y axes' labels of the Korean figures: Korean charts set the unit level at the top of
#: the value axis, (명), rather than a rotated label (helpers.figures._units_on_top); what is
#: counted is in the subtitle. An axis whose measure has no unit keeps its name.
AXIS_UNITS: dict[str, str] = {
    "arrivals": "(명)", "arrivals since records began": "(명)", "arrivals in the quarter": "(명)",
    "arrivals (log scale)": "(명)", "people (log scale)": "(명)",  # the subtitle says the scale is log
    "women, % of arrivals": "(%)",
    "refugees, year end": "난민(명)", "pending claims, year end": "심사 대기 망명 신청자(명)",
    "scaled Pearson residual": "척도화 피어슨 잔차", "F statistic": "F 통계량",
    "likelihood-ratio statistic": "우도비 통계량", "posterior probability": "사후확률",
}

#: The units of the notebooks' results tables, in Korean (buildtools.site_pages.results_ko).
RESULT_UNITS: dict[str, str] = {
    "year": "연도", "years": "연도 수", "people": "명", "people per year": "명/년", "percent": "%",
    "percent per year": "%/년", "fraction": "비", "probability": "확률", "ratio": "배율",
    "ratio per year": "연간 배율", "odds ratio per year": "연간 오즈비", "correlation": "상관계수",
    "p-value": "p값", "indicator (1 = yes)": "0 또는 1", "-1, 0 or 1": "-1, 0, 1", "F statistic": "F 통계량",
    "LR statistic": "우도비 통계량", "quasi-AIC": "준AIC", "breaks": "개", "claims": "개", "country": "국가",
    "groups": "개", "models": "개", "pairs": "쌍", "phases": "개", "provinces": "개", "reports": "개",
    "scenarios": "개", "tables": "개",
}


COLUMNS: dict[str, str] = {
    "year": "연도", "period": "기간", "quarter": "분기", "how_known": "산출 방법",
    "half_year_arrivals": "반기 입국자 수",
    "table": "표", "category": "집단", "percent": "비율 %", "province": "출신 지역", "group": "집단",
    "before_low_percent": "이전 비율 하한 %", "before_high_percent": "이전 비율 상한 %",
    "after_low_percent": "이후 비율 하한 %", "after_high_percent": "이후 비율 상한 %",
    "split": "기준일", "later": "비교일", "as_of": "기준일", "series": "계열",
    "source": "출처 키", "arrivals": "입국자 수", "men": "남성", "women": "여성", "women_percent": "여성 비율 %",
    "cumulative_arrivals": "누적 입국자 수", "year_drawn_at": "그린 위치(연도)", "in_fit": "적합에 포함",
    "phase": "국면", "phase_rate_percent_per_year": "국면 연간 변화율 %",
    "phase_rate_ci_low": "국면 변화율 신뢰구간 하한 %", "phase_rate_ci_high": "국면 변화율 신뢰구간 상한 %",
    "fitted_arrivals": "적합 입국자 수", "observed_arrivals": "관측 입국자 수",
    "primary_model_fitted": "주 모형 적합값", "observed_percent": "관측 비율 %", "fitted_percent": "적합 비율 %",
    "fitted_low_percent": "적합 신뢰대 하한 %", "fitted_high_percent": "적합 신뢰대 상한 %",
    "wilson_low_percent": "윌슨 신뢰구간 하한 %", "wilson_high_percent": "윌슨 신뢰구간 상한 %",
    "prediction_trend_percent": "예측 추세 %", "prediction_low_percent": "예측구간 하한 %",
    "prediction_high_percent": "예측구간 상한 %", "trend": "추세", "trend_low": "추세 신뢰구간 하한",
    "trend_high": "추세 신뢰구간 상한", "prediction_low": "예측구간 하한", "prediction_high": "예측구간 상한",
    "level": "신뢰수준",
    "scaled_pearson_residual": "척도화 피어슨 잔차", "model": "모형", "shape": "형태",
    "scenario: {name}": "시나리오: {name}",
    "first_year_after_break": "변화 후 첫해", "F_statistic": "F 통계량",
    "critical_independent_years": "임계값(독립 연도)", "critical_ar1_years": "임계값(AR(1))",
    "critical_ar1_years_rho_{rho:num}": "임계값(AR(1), ρ {rho})",
    "LR": "우도비 LR", "lr_critical": "우도비 임계값", "posterior_quasi_poisson": "사후확률(준포아송)",
    "measure": "항목", "country_of_asylum": "비호국", "people": "인원",
    "arrivals_in_south_korea": "한국 입국자 수",
    "refugees_and_pending_claims_abroad": "해외 난민과 심사 대기 신청",
    # the notebooks' tables on their Korean pages (buildtools.site_pages.tables_ko)
    "start": "시작 연도", "end": "끝 연도",
    "arrivals_start": "시작 연도 입국자 수", "arrivals_end": "끝 연도 입국자 수",
    "step_from_previous_percent": "이전 국면 대비 수준 변화 %", "rate_per_year": "연간 변화율 %",
    "ci_low": "신뢰구간 하한 %", "ci_high": "신뢰구간 상한 %", "direction": "방향",
    "rank": "순위", "parameters": "모수 개수", "year_chosen_by": "변화 연도 선택 방법", "deviance": "이탈도",
    "quasi_aic": "준AIC", "delta_quasi_aic": "최솟값과의 준AIC 차이", "tied_with_best": "최선 모형과 사실상 동등",
    "common_dispersion": "공통 산포 모수", "dispersion_from": "산포 모수 출처",
    "before_count": "이전 입국자 수",
    "after_count_low": "이후 입국자 수 하한", "after_count_high": "이후 입국자 수 상한",
    "before_low": "이전 비율 하한", "before_high": "이전 비율 상한", "after_low": "이후 비율 하한",
    "after_high": "이후 비율 상한", "changed": "변화",
}
