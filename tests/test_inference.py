"""The inference machinery: break dates, sup-F, t intervals, prediction intervals, robust trends."""

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.sandwich_covariance import S_hac_simple

from helpers import analysis, breaks, data, gender, models
from helpers.paths import PROCESSED


@pytest.fixture(scope="module")
def years():
    return analysis.single_years(data.load_arrivals())


@pytest.fixture(scope="module")
def series(years):
    yrs = np.arange(2002, 2020)
    return years["total"].reindex(yrs).to_numpy(dtype=float), yrs


def params_02():
    from buildtools.explore import parameters_of
    from helpers.paths import NOTEBOOKS

    return gender.Parameters.from_cell(parameters_of(NOTEBOOKS / "02_gender_shift.ipynb"))


@pytest.fixture(scope="module")
def r03():
    """Notebook 03's cells run as they stand: the namespace they leave."""
    from nbcells import run_cells

    return run_cells("03_post_2011_decline")


def test_vectorised_irls_matches_statsmodels_for_one_and_many_series(series):
    y, yrs = series
    X = breaks.design(yrs, "break", 2012)
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    beta, dev, pearson = breaks.poisson_irls(y, X)
    np.testing.assert_allclose(beta, ref.params, rtol=1e-8)
    assert dev == pytest.approx(ref.deviance) and pearson == pytest.approx(ref.pearson_chi2)
    many = np.vstack([y, y[::-1]])
    b2, d2, _ = breaks.poisson_irls(many, X)
    ref2 = sm.GLM(y[::-1], X, family=sm.families.Poisson()).fit()
    np.testing.assert_allclose(b2[1], ref2.params, rtol=1e-8)
    assert d2[0] == pytest.approx(dev)


def test_irls_raises_when_it_does_not_converge(series):
    y, yrs = series
    with pytest.raises(RuntimeError, match="did not converge"):
        breaks.poisson_irls(y, breaks.design(yrs, "trend"), max_iter=2)


def test_designs_kink_has_no_step_and_break_has_both(series):
    _, yrs = series
    kink = breaks.design(yrs, "kink", 2009)
    brk = breaks.design(yrs, "break", 2009)
    assert kink.shape[1] == 3 and brk.shape[1] == 4
    assert kink[yrs == 2009, 2] == 0 and kink[yrs == 2011, 2] == 2
    assert brk[yrs == 2008, 2] == 0 and brk[yrs == 2009, 2] == 1


def test_scan_estimate_is_the_smallest_deviance_and_posteriors_sum_to_one(series):
    y, yrs = series
    s = breaks.scan(y, yrs, "break")
    t = s.table
    assert s.estimate == int(t.loc[t["deviance"].idxmin(), "year"])
    assert t.loc[t["year"] == s.estimate, "LR"].iloc[0] == 0
    assert s.estimate in s.confidence_set(0.0)
    for col in ("posterior_gaussian", "posterior_quasi_poisson"):
        assert t[col].sum() == pytest.approx(1.0)


def test_a_sharp_simulated_break_is_found_and_dated_tightly():
    rng = np.random.default_rng(1)
    yrs = np.arange(2002, 2020)
    mu = np.where(yrs >= 2012, 800.0, 2000.0) * 1.02 ** (yrs - 2002)
    y = rng.poisson(mu).astype(float)
    s = breaks.scan(y, yrs, "break")
    assert s.estimate == 2012
    assert s.confidence_set(breaks.lr_critical(s, n_sim=200, level=0.95)) == [2012]
    assert s.table.set_index("year").loc[2012, "posterior_gaussian"] > 0.9


def test_gaussian_posterior_is_the_closed_form(series):
    y, yrs = series
    s = breaks.scan(y, yrs, "kink")
    logs = []
    for b in s.table["year"]:
        X = breaks.design(yrs, "kink", int(b))
        fit = sm.OLS(np.log(y), X).fit()
        n, k = X.shape
        logs.append(-0.5 * np.linalg.slogdet(X.T @ X)[1] - 0.5 * (n - k) * np.log(fit.ssr))
    w = np.exp(np.array(logs) - max(logs))
    np.testing.assert_allclose(s.table["posterior_gaussian"], w / w.sum(), rtol=1e-8)


def test_sup_f_critical_values_are_seeded_and_autocorrelation_raises_them(series):
    y, yrs = series
    a = breaks.sup_f_critical(y, yrs, n_sim=100, level=0.95)
    assert a == breaks.sup_f_critical(y, yrs, n_sim=100, level=0.95)
    ar1 = breaks.sup_f_critical(y, yrs, ar1=True, n_sim=100, level=0.95)
    assert 0 < ar1["rho"] < 1 and ar1["critical"] > a["critical"]


def test_quasi_poisson_intervals_use_t_quantiles(years):
    m = models.its_quasi_poisson(models.its_frame(years["total"], 2002, 2019, 2012), level=0.95)
    fit = m["fit"]
    q = stats.t.ppf(0.975, fit.df_resid)
    b, se = fit.params.iloc[2], fit.bse.iloc[2]
    assert m["level_change_ci_low"] == pytest.approx(np.exp(b - q * se))
    assert m["level_change_ci_high"] == pytest.approx(np.exp(b + q * se))


def test_prediction_interval_is_wider_than_the_confidence_band(years):
    m = models.its_quasi_poisson(models.its_frame(years["total"], 2002, 2019, 2012), level=0.95)
    X = np.array([[1.0, 23, 1, 13]])
    p = models.quasi_poisson_prediction(m["fit"], X, 0.95).iloc[0]
    assert p["pi_low"] < p["ci_low"] < p["mean"] < p["ci_high"] < p["pi_high"]
    q = stats.t.ppf(0.975, m["fit"].df_resid)
    eta = np.log(p["mean"])
    se_eta = np.sqrt(X[0] @ np.asarray(m["fit"].cov_params()) @ X[0])
    assert np.log(p["ci_high"]) - eta == pytest.approx(q * se_eta)
    spread = (np.log(p["pi_high"]) - eta) / q
    assert spread ** 2 == pytest.approx(((np.log(p["ci_high"]) - eta) / q) ** 2
                                        + m["fit"].scale / p["mean"])


def test_share_hac_interval_equals_the_hand_written_sandwich(years):
    d = years.loc[2002:2019]
    n, s = d["total"].to_numpy(float), (d["female"] / d["total"]).to_numpy(float)
    X = np.column_stack([np.ones(18), np.arange(18.0)])
    mu = sm.GLM(s, X, family=sm.families.Binomial(), var_weights=n).fit().fittedvalues
    bread = np.linalg.inv(X.T @ (X * (n * mu * (1 - mu))[:, None]))
    cov = bread @ S_hac_simple(X * (n * (s - mu))[:, None], nlags=2) @ bread * 18 / 16
    h = models.share_trend_hac(years, 2002, 2019, 2, level=0.95)
    q = stats.t.ppf(0.975, 16)
    slope = np.log(h["odds_ratio"])
    assert h["ci_high"] == pytest.approx(np.exp(slope + q * np.sqrt(cov[1, 1])))
    assert models.hac_lag_rule(18) == 2


def test_share_prediction_interval_covers_the_trend_and_widens_for_small_years(years):
    p = models.share_prediction(years, 2002, 2019, [2019, 2021], 0.95).set_index("year")
    assert ((p["pi_low"] < p["trend"]) & (p["trend"] < p["pi_high"])).all()
    assert (p.loc[2021, "pi_high"] - p.loc[2021, "pi_low"]) > (p.loc[2019, "pi_high"] - p.loc[2019, "pi_low"])


def test_segmentation_is_the_exhaustive_optimum():
    rng = np.random.default_rng(3)
    total = pd.Series(np.exp(rng.normal(5, 0.5, 12)), index=range(2000, 2012))
    seg = analysis.segmentation(total, min_years=3, max_breaks=2)
    logy, yrs = np.log(total.to_numpy()), total.index.to_numpy()
    best = np.inf
    for cuts in itertools.combinations(range(3, 10), 2):
        bounds = [0, *cuts, 12]
        if min(b - a for a, b in zip(bounds, bounds[1:])) < 3:
            continue
        best = min(best, sum(analysis._line_ssr(yrs[a:b], logy[a:b]) for a, b in zip(bounds, bounds[1:])))
    assert seg.loc[seg["breaks"] == 2, "ssr"].iloc[0] == pytest.approx(best)


def test_findings_and_titles_follow_the_conditions_computed_in_the_notebook(r03):
    """Each conclusion's wording rests on a condition a cell computes: turned the other way,
    the finding and the figure title that state it follow."""
    from nbcells import run_cells

    text = " ".join(r03["findings"])
    assert ("do not date the change to one year" in text) == (not r03["break_dated"])
    assert ("does not fit" in text) == r03["one_rate_rejected"]
    assert ("is the most probable" in text) == r03["mode_stands_out"]
    flipped = {name: not r03[name] for name in ("break_dated", "one_rate_rejected", "mode_stands_out",
                                                 "last_below", "same_break")}
    other = run_cells("03_post_2011_decline", force=flipped)
    text = " ".join(other["findings"])
    assert ("is dated to" in text) == flipped["break_dated"]
    assert ("not clearly rejected" in text) == (not flipped["one_rate_rejected"])
    assert ("is the most probable" in text) == flipped["mode_stands_out"]
    assert ("the break differs between men and women" in text) == (not flipped["same_break"])
    titles = {name: f["title"] for name, f in other["_figures"].items()}
    assert ("not clearly rejected" in titles["03_break_scan"]) == (not flipped["one_rate_rejected"])
    assert ("is dated to" in titles["03_break_date"]) == flipped["break_dated"]


def test_results_tables_carry_the_inference_keys():
    d = set(pd.read_csv(PROCESSED / "03_post_2011_decline.results.csv")["key"])
    g = set(pd.read_csv(PROCESSED / "02_gender_shift.results.csv")["key"])
    assert {"break_year_estimate", "break_year_set_low", "break_year_set_high",
            "break_year_posterior_primary", "break_year_posterior_mode", "kink_year_set_low",
            "kink_year_set_high", "break_scan_critical_ar1", "missing_arrivals_range_low",
            "missing_arrivals_range_high", "prediction_low_last_year",
            "prediction_high_last_year", "its_sex_interaction_p"} <= d
    assert {"share_trend_odds_ratio_robust_ci_low", "share_trend_odds_ratio_robust_ci_high",
            "share_trend_nonlinearity_p", "share_prediction_low_2021", "share_prediction_high_2021"} <= g
    phases = pd.read_csv(PROCESSED / "01_phases.csv")
    assert {"phase", "start", "end", "rate_per_year", "ci_low", "ci_high"} <= set(phases.columns)
    comparison = pd.read_csv(PROCESSED / "03_model_comparison.csv")
    assert {"model", "parameters", "deviance", "quasi_aic", "rank", "dispersion_from"} <= set(comparison.columns)


def test_the_ar1_share_trend_keeps_the_first_year_and_agrees_with_exact_likelihood(years):
    """Cochrane-Orcutt drops the first year (2002, the lowest share) and with 18 years that
    alone moved the factor from about 1.066 to 1.032; the reported fit keeps it."""
    pw = models.share_trend_ar1(years, params_02().START, params_02().END, level=0.95)
    ml = models.share_trend_ar1_ml(years, params_02().START, params_02().END, level=0.95)
    co = models.share_trend_cochrane_orcutt(years, params_02().START, params_02().END, level=0.95)
    gap = abs(np.log(pw["odds_ratio"]) - np.log(ml["odds_ratio"]))
    assert gap < 0.25 * pw["se"]
    assert abs(np.log(co["odds_ratio"]) - np.log(ml["odds_ratio"])) > gap  # the dropped year matters


def test_prais_winsten_with_a_fixed_rho_is_gls_with_the_first_year_scaled(years):
    share = analysis.female_share(years.loc[params_02().START:params_02().END])
    y = np.log(share / (1 - share))
    t = np.arange(len(y), dtype=float)
    rho = 0.5
    R = rho ** np.abs(np.subtract.outer(t, t)) / (1 - rho ** 2)
    X = np.column_stack([np.ones(len(y)), t])
    gls = sm.GLS(y.to_numpy(), X, sigma=R).fit()
    pw = models.share_trend_ar1(years, params_02().START, params_02().END, rho=rho, level=0.95)
    assert np.log(pw["odds_ratio"]) == pytest.approx(gls.params[1])


def test_ar1_standard_error_factor():
    assert models.ar1_se_factor(18, 0.0) == pytest.approx(1.0)
    # long series: the factor tends to sqrt((1 + rho) / (1 - rho))
    assert models.ar1_se_factor(2000, 0.6) == pytest.approx(2.0, rel=0.01)
    assert 1.5 < models.ar1_se_factor(18, 0.6) < 2.0


def test_newey_west_is_reported_as_too_narrow_when_ar1_errors_imply_more():
    from nbcells import run_cells

    r = run_cells("02_gender_shift")
    assert r["nw_factor"] < r["ar1_factor"] and r["newey_west_too_narrow"]
    text = " ".join(r["findings"])
    assert ("the rise is clear" in text) == r["ar1_clear"]
    assert ("cannot be ruled out" in text) == (not r["ar1_clear"])
    other = run_cells("02_gender_shift", force={"ar1_clear": not r["ar1_clear"], "rise_uneven": not r["rise_uneven"],
                                                "dip": []})
    text = " ".join(other["findings"])
    assert ("cannot be ruled out" in text) == r["ar1_clear"]
    assert ("A curve does not fit clearly better" in text) == r["rise_uneven"]
    assert "No year fell below the 95% prediction interval" in text
    assert "after a dip" not in other["_figures"]["02_female_share"]["title"]


def test_the_break_year_sentence_says_fitted_and_observed_apart(r03):
    text = " ".join(r03["findings"])
    assert f"the model's {r03['BREAK']} level was" in text
    observed = r03["total"][r03["BREAK"]] / r03["counterfactual_break"]
    assert f"were {round(100 * observed)}% of the trend's" in text


def test_no_most_probable_break_year_is_named_unless_it_stands_out(r03):
    text = " ".join(r03["findings"])
    top = r03["posterior"]["quasi_poisson"].sort_values(ascending=False).head(2)
    clear = top.iloc[0] >= r03["MODE_CLEAR"] * top.iloc[1]
    assert r03["mode_stands_out"] == clear
    assert ("is the most probable" in text) == clear and ("no year stands out" in text) == (not clear)


def test_counterfactuals_show_the_reference_year_and_round_simulated_limits(r03):
    cf = r03["counterfactuals"].set_index("key")
    flat = cf[cf.index.str.startswith("flat_")]
    assert len(flat) == len(r03["FLAT_REFERENCES"]) and flat["missing"].nunique() == len(flat)
    for key in ("pre_trend", "level_only"):
        row = cf.loc[key]
        assert row["low"] % row["step"] == 0 and row["high"] % row["step"] == 0
        assert row["delta_qaic"] >= 0 and row["dispersion"] > 0


def test_simulated_limits_are_stable_across_seeds_to_their_rounding_step(r03):
    d = r03["frame"]
    post = (d["year"] >= r03["BREAK"]).to_numpy()
    X = models.its_design(d["year"], r03["START"], r03["BREAK"]) * [1, 1, 0, 0]
    runs = [models.simulated_total(r03["primary"]["fit"], X[post], seed=seed, level=0.95) for seed in (1, 2, 3)]
    step = max(run[3] for run in runs)
    assert max(run[2] for run in runs) - min(run[2] for run in runs) < step


def test_the_sup_f_critical_value_rises_with_the_assumed_correlation(r03):
    crit = list(r03["sup_f_ar1_by_rho"].values())
    assert crit == sorted(crit) and len(crit) >= 3
    assert r03["one_rate_rejected"] == (r03["sup_f"] > max(crit + [r03["sup_f_iid"]["critical"]]))


def test_unequal_dispersion_is_shown_with_each_periods_own(r03):
    assert r03["phi_pre"] > r03["phi_post"] > 0
    level = r03["primary"]["level_change"]
    lo, hi = r03["level_separate"][1:], r03["level_sandwich"][1:]
    assert lo[0] < level < lo[1] and hi[0] < level < hi[1]


def test_the_its_design_is_the_one_the_fit_uses(r03):
    """Predictions and simulations use models.its_design: it must be the fitted design."""
    d = r03["frame"]
    X = models.its_design(d["year"], r03["START"], r03["BREAK"])
    np.testing.assert_allclose(X, np.asarray(r03["primary"]["fit"].model.exog))


def test_sensitivity_counts_variants_that_move_the_break_apart(r03):
    s, with_level = r03["sensitivity"], r03["with_level"]
    moved = s[s["break_year"] != r03["BREAK"]].dropna(subset=["level_change"])
    assert int((~r03["same_year"]).sum()) == len(moved) == len(with_level) - int(r03["same_year"].sum())
    assert set(moved["break_year"]) == set(r03["other_break_years"])
