"""Statistical models shared by the analysis notebooks, fitted with statsmodels.

The model fits (``share_trend*``, ``its_*``, ``share_nonlinearity``) return plain numbers in
a dict (with the fitted result where a notebook needs residuals or predictions), so that
notebooks can render them without printing statsmodels' ``summary()``, whose header
carries the date and time; predictions (``quasi_poisson_prediction``, ``share_prediction``)
return tables, ``simulated_total`` a (value, low, high, rounding step) tuple, and ``its_design``
builds the design every ITS fit, prediction and simulation shares.

Every quasi-likelihood fit estimates its dispersion (Pearson chi-square / df) and so
uses t quantiles with the residual degrees of freedom (``use_t=True``), not normal ones.
An observed year set against a trend gets a *prediction* interval (the trend's own
uncertainty plus the year-to-year scatter), never the confidence band of the trend.
Break dates and sup-F live in :mod:`helpers.breaks`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from numpy.typing import ArrayLike
from scipy import stats
from statsmodels.genmod.generalized_linear_model import GLMResults
from statsmodels.tools.sm_exceptions import ConvergenceWarning, SpecificationWarning

from helpers import analysis, breaks


def share_trend(years: pd.DataFrame, start: int, end: int, *, level: float) -> dict:
    """Quasi-binomial trend of the female share on calendar year.

    Model: ``logit E[female / total] = a + b * (year - start)``, a binomial GLM of the
    share with ``var_weights = total`` (so each year weighs by its arrivals), and the
    dispersion estimated as Pearson chi-square / residual df (``scale="X2"``), which
    widens the intervals by its square root; t quantiles with the residual df. (Fitting ``female + male ~ t`` as two
    columns with ``scale="X2"`` gets the dispersion wrong in statsmodels 0.15.)

    Parameters
    ----------
    years : single-year rows indexed by year with ``female`` and ``total``.
    start, end : first and last year of the fit (inclusive).
    level : the confidence level of the interval (0.95 for 95%).

    Returns
    -------
    dict with ``odds_ratio``, ``ci_low``, ``ci_high`` (per year, at ``level``), ``dispersion``,
    ``df_resid``, ``n_years``, ``start``, ``end``, ``fit`` (the statsmodels result) and
    ``frame`` (year, share, fitted, Pearson residual).
    """
    d, _, X, share = _share_design(years, start, end)
    fit = sm.GLM(share, X, family=sm.families.Binomial(),
                 var_weights=d["total"].to_numpy(dtype=float)).fit(scale="X2", use_t=True)
    low, high = np.exp(fit.conf_int(alpha=1 - level)[1])
    frame = pd.DataFrame({
        "year": d.index.astype(int), "share": share, "fitted": fit.fittedvalues,
        # Pearson residuals divided by sqrt(dispersion): about unit variance if the model holds
        "pearson_residual": fit.resid_pearson / np.sqrt(fit.scale),
    })
    return {
        "odds_ratio": float(np.exp(fit.params[1])),
        "ci_low": float(low), "ci_high": float(high),
        "dispersion": float(fit.pearson_chi2 / fit.df_resid),
        "df_resid": int(fit.df_resid), "n_years": len(d), "start": start, "end": end,
        "fit": fit, "frame": frame,
    }


# ----------------------------------------------------------------- interrupted time series


def its_design(years: ArrayLike, start: int, break_year: int) -> np.ndarray:
    """The interrupted time series design on ``years``: columns ``1, t, post, t_post`` with
    ``t = year - start``, ``post = year >= break_year`` and ``t_post = (year - break_year) *
    post``. The one place it is built (:func:`helpers.breaks.design` with kind ``"break"``):
    fitting, predicting and simulating all use it."""
    return breaks.design(np.asarray(years), "break", break_year, start=start)


def its_frame(total: pd.Series, start: int, end: int, break_year: int,
              covid: tuple[int, int] | None = None) -> pd.DataFrame:
    """The modelled years ``start..end`` as a table for the segmented model.

    Columns: ``year``, ``total`` and the design of :func:`its_design` (``t``, ``post``,
    ``t_post``) and, if ``covid=(first, last)``, a ``covid`` indicator for those years.
    """
    d = pd.DataFrame({"year": np.arange(start, end + 1)})
    d["total"] = total.reindex(d["year"]).to_numpy()
    X = its_design(d["year"], start, break_year)
    d["t"], d["post"], d["t_post"] = X[:, 1].astype(int), X[:, 2].astype(int), X[:, 3].astype(int)
    if covid:
        d["covid"] = d["year"].between(*covid).astype(int)
    return d


def _ratios(params, conf, names) -> dict:
    out = {}
    for key, name in names.items():
        out[key] = float(np.exp(params[name]))
        out[f"{key}_ci_low"] = float(np.exp(conf.loc[name, 0]))
        out[f"{key}_ci_high"] = float(np.exp(conf.loc[name, 1]))
    return out


RATIO_NAMES = {"pre_trend": "t", "level_change": "post", "slope_change": "t_post"}


def its_quasi_poisson(d: pd.DataFrame, terms: tuple[str, ...] = ("t", "post", "t_post"),
                      extra: tuple[str, ...] = (), *, level: float) -> dict:
    """Quasi-Poisson segmented regression: ``log E[total] = b0 + b1 t + b2 post + b3 t_post``.

    Poisson GLM with the dispersion estimated as Pearson chi-square / df (``scale="X2"``)
    and t quantiles. ``terms`` without ``post`` gives a kink (slope change, no level
    step). Returns the ratios of the terms present with intervals at ``level``, the dispersion of
    the unscaled Poisson fit, the fitted result (``fit``) and the design (``frame``).
    """
    cols = [*terms, *extra]
    X = sm.add_constant(d[cols].astype(float), has_constant="add")
    fit = sm.GLM(d["total"].astype(float), X, family=sm.families.Poisson()).fit(scale="X2",
                                                                               use_t=True)
    params = pd.Series(fit.params, index=X.columns)
    conf = pd.DataFrame(fit.conf_int(alpha=1 - level), index=X.columns)
    out = _ratios(params, conf, {k: v for k, v in RATIO_NAMES.items() if v in cols})
    out.update(dispersion=float(fit.pearson_chi2 / fit.df_resid), df_resid=int(fit.df_resid),
               fit=fit, frame=d, columns=list(X.columns))
    return out


def quasi_poisson_prediction(fit: GLMResults, X: np.ndarray, level: float, *,
                             scale: float | None = None, df: float | None = None) -> pd.DataFrame:
    """Fitted mean, confidence band and prediction interval of a quasi-Poisson fit.

    On the log scale, ``eta_hat +/- t * se_eta`` covers the trend (confidence band);
    ``eta_hat +/- t * sqrt(se_eta^2 + phi / mu_hat)`` covers one observed year
    (prediction interval, delta method), with t on the fit's residual df. ``scale`` and
    ``df`` replace the fit's dispersion and df (a period's own dispersion, say).
    """
    X = np.asarray(X, dtype=float)
    eta = X @ np.asarray(fit.params)
    se = np.sqrt(np.einsum("ij,jk,ik->i", X, np.asarray(fit.cov_params()), X))
    mu = np.exp(eta)
    q = stats.t.ppf(0.5 + level / 2, fit.df_resid if df is None else df)
    spread = np.sqrt(se ** 2 + (fit.scale if scale is None else scale) / mu)
    return pd.DataFrame({"mean": mu, "ci_low": np.exp(eta - q * se), "ci_high": np.exp(eta + q * se),
                         "pi_low": np.exp(eta - q * spread), "pi_high": np.exp(eta + q * spread)})


def simulated_total(fit: GLMResults, X: np.ndarray, *, level: float, n_sim: int = 20000, seed: int = 2012,
                    batches: int = 10) -> tuple[float, float, float, float]:
    """Sum of a fit's expected counts over the rows of ``X``, with a simulated interval.

    Coefficients are drawn from a multivariate t with the fit's residual df around the
    estimates (covariance scaled by the dispersion); the interval covers the trend's
    uncertainty, not the scatter of single years. Seeded.

    The limits are simulated, so their last digits are noise: ``step`` is the power of ten
    at or above twice their Monte Carlo standard error (from ``batches`` equal batches of
    draws): print the limits (and differences of them) rounded to it
    (:func:`round_to`). Returns (sum, low, high, step).
    """
    X = np.asarray(X, dtype=float)
    beta = np.asarray(fit.params)
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(np.asarray(fit.cov_params()))
    z = rng.standard_normal((n_sim, len(beta))) @ chol.T
    draws = beta + z * np.sqrt(fit.df_resid / rng.chisquare(fit.df_resid, (n_sim, 1)))
    sums = np.exp(draws @ X.T).sum(axis=1)
    probs = [0.5 - level / 2, 0.5 + level / 2]
    low, high = np.quantile(sums, probs)
    per_batch = np.quantile(sums.reshape(batches, -1), probs, axis=1)  # 2 x batches
    mc_se = float(np.max(per_batch.std(axis=1, ddof=1)) / np.sqrt(batches))
    step = float(10 ** np.ceil(np.log10(max(2 * mc_se, 1.0))))
    return float(np.exp(X @ beta).sum()), float(low), float(high), step


def round_to(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (a simulated number to its precision)."""
    return float(np.round(value / step) * step)


def its_by_sex(years: pd.DataFrame, start: int, end: int, break_year: int, *, level: float) -> dict:
    """Does the break differ between men and women? A quasi-Poisson ITS with sex terms.

    Men and women are stacked (one row per sex and year). The full model gives each sex
    its own intercept, pre-trend, level change and slope change; the reduced model shares
    the level and slope change. The quasi-likelihood F test of the two sex-by-break terms
    uses the full model's dispersion. Returns ``F``, ``df_num``, ``df_den``, ``p`` and,
    per sex, the ratios of its own fit (``male``, ``female``).
    """
    frames = []
    for sex in ("male", "female"):
        d = its_frame(years[sex], start, end, break_year)
        frames.append(d.assign(female=float(sex == "female")))
    d = pd.concat(frames, ignore_index=True)
    for c in ("t", "post", "t_post"):
        d[f"female_{c}"] = d["female"] * d[c]
    base = ["female", "t", "female_t", "post", "t_post"]
    fits = {}
    for name, cols in (("reduced", base), ("full", [*base, "female_post", "female_t_post"])):
        X = sm.add_constant(d[cols].astype(float))
        fits[name] = sm.GLM(d["total"].astype(float), X, family=sm.families.Poisson()).fit()
    full, reduced = fits["full"], fits["reduced"]
    phi = full.pearson_chi2 / full.df_resid
    F = (reduced.deviance - full.deviance) / 2 / phi
    out = {"F": float(F), "df_num": 2, "df_den": int(full.df_resid),
           "p": float(stats.f.sf(F, 2, full.df_resid)), "dispersion": float(phi)}
    for sex in ("male", "female"):
        out[sex] = its_quasi_poisson(its_frame(years[sex], start, end, break_year), level=level)
    return out


def its_negative_binomial(d: pd.DataFrame, *, level: float) -> dict:
    """Negative binomial segmented regression with alpha estimated by maximum likelihood.

    ``smf.negativebinomial`` estimates alpha; the GLM with that alpha gives the ratios
    (``families.NegativeBinomial()`` alone would fix alpha at 1). ``converged`` says whether
    the maximum-likelihood fit of alpha converged (its warning is not printed: the caller says it).
    """
    import statsmodels.formula.api as smf

    with warnings.catch_warnings():  # a fit that does not converge is reported as ``converged``
        warnings.simplefilter("ignore", ConvergenceWarning)
        ml = smf.negativebinomial("total ~ t + post + t_post", data=d).fit(disp=0, maxiter=200)
    alpha = float(ml.params["alpha"])
    X = sm.add_constant(d[["t", "post", "t_post"]].astype(float))
    fit = sm.GLM(d["total"].astype(float), X,
                 family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    out = _ratios(pd.Series(fit.params, index=X.columns),
                  pd.DataFrame(fit.conf_int(alpha=1 - level), index=X.columns), RATIO_NAMES)
    out.update(alpha=alpha, fit=fit, converged=bool(ml.mle_retvals.get("converged", True)))
    return out


def its_ols_newey_west(d: pd.DataFrame, maxlags: int = 2, *, level: float) -> dict:
    """OLS of log arrivals on the segmented design with Newey-West (HAC) errors, t quantiles."""
    X = sm.add_constant(d[["t", "post", "t_post"]].astype(float))
    fit = sm.OLS(np.log(d["total"].astype(float)), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True}, use_t=True)
    out = _ratios(pd.Series(fit.params, index=X.columns),
                  pd.DataFrame(fit.conf_int(alpha=1 - level), index=X.columns), RATIO_NAMES)
    out.update(fit=fit)
    return out


def poisson_glm(y: ArrayLike, X: ArrayLike, *, var_weights: ArrayLike | None = None,
                cov_type: str = "nonrobust") -> GLMResults:
    """An unscaled Poisson GLM of counts ``y`` on design ``X`` (weighted by ``var_weights``;
    ``cov_type="HC1"`` for a sandwich covariance), with t quantiles."""
    model = sm.GLM(np.asarray(y, dtype=float), np.asarray(X, dtype=float), family=sm.families.Poisson(),
                   var_weights=var_weights)
    return model.fit(cov_type=cov_type, use_t=True)


#: The columns of :func:`its_design`, in order.
ITS_COLUMNS = ("const", "t", "post", "t_post")


def ratio_interval(fit: GLMResults, column: int | str, level: float,
                   df: float | None = None) -> tuple[float, float, float]:
    """``exp`` of coefficient ``column`` of a fit (an index, or a name of :data:`ITS_COLUMNS`)
    and its interval: t with the fit's own residual df, or with ``df`` when another applies."""
    column = ITS_COLUMNS.index(column) if isinstance(column, str) else column
    b, se = float(np.asarray(fit.params)[column]), float(np.asarray(fit.bse)[column])
    q = stats.t.ppf(0.5 + level / 2, fit.df_resid if df is None else df)
    return float(np.exp(b)), float(np.exp(b - q * se)), float(np.exp(b + q * se))


def ratio_table(variants: list[tuple[str, dict]], break_year: int) -> pd.DataFrame:
    """One row per fitted ITS variant (name, result of an ``its_*`` fit): its break year and
    the ratios it has (a variant without a level step has none), each with its interval."""
    rows = []
    for name, m in variants:
        frame = m.get("frame")
        year = int(frame["year"][frame["post"] == 1].min()) if frame is not None else break_year
        rows.append({"variant": name, "break_year": year,
                     **{f"{q}{s}": m.get(f"{q}{s}", np.nan) for q in ("level_change", "slope_change")
                        for s in ("", "_ci_low", "_ci_high")}})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------- the female share


def hac_lag_rule(n: int) -> int:
    """Newey-West's lag rule ``floor(4 (n / 100)^(2/9))`` (2 for 18 years)."""
    return int(np.floor(4 * (n / 100) ** (2 / 9)))


def _share_design(years: pd.DataFrame, start: int, end: int, degree: int = 1):
    d = years.loc[start:end]
    t = np.asarray(d.index, dtype=float) - start
    X = np.column_stack([t ** p for p in range(degree + 1)])
    share = analysis.female_share(d).to_numpy(dtype=float)
    return d, t, X, share


def share_trend_hac(years: pd.DataFrame, start: int, end: int, maxlags: int, *, level: float) -> dict:
    """The share trend of :func:`share_trend` with HAC (Newey-West) standard errors.

    The same binomial GLM; the covariance is heteroscedasticity- and autocorrelation-
    consistent with ``maxlags`` lags (small-sample corrected), t quantiles.
    Returns ``odds_ratio``, ``ci_low``, ``ci_high``, ``se`` (of the log odds ratio) and ``maxlags``.
    """
    d, _, X, share = _share_design(years, start, end)
    with warnings.catch_warnings():
        # statsmodels warns that robust covariances are "not fully supported" with
        # var_weights; for this binomial GLM the HAC covariance equals the hand-written
        # sandwich (tests/test_inference.py checks it), so the warning is silenced here only.
        warnings.simplefilter("ignore", SpecificationWarning)
        fit = sm.GLM(share, X, family=sm.families.Binomial(),
                     var_weights=d["total"].to_numpy(dtype=float)).fit(
            cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True}, use_t=True)
    low, high = np.exp(fit.conf_int(alpha=1 - level)[1])
    return {"odds_ratio": float(np.exp(fit.params[1])), "ci_low": float(low),
            "ci_high": float(high), "se": float(fit.bse[1]), "maxlags": maxlags}


def _prais_winsten(y: np.ndarray, X: np.ndarray, rho: float | None = None, tol: float = 1e-12):
    """Prais-Winsten regression with AR(1) errors: OLS on the quasi-differenced data, the
    first observation kept and scaled by sqrt(1 - rho^2); rho re-estimated from the
    untransformed residuals until it settles (or fixed, when given). Returns (fit, rho)."""
    r = 0.0 if rho is None else float(rho)
    for _ in range(500):
        c = np.sqrt(1 - r * r)
        fit = sm.OLS(np.r_[c * y[0], y[1:] - r * y[:-1]], np.vstack([c * X[0], X[1:] - r * X[:-1]])).fit()
        if rho is not None:
            return fit, r
        e = y - X @ fit.params
        new = float(e[1:] @ e[:-1] / (e[:-1] @ e[:-1]))
        if abs(new - r) < tol:
            return fit, new
        r = new
    raise RuntimeError("Prais-Winsten: rho did not settle in 500 iterations")


def _logit_share(years: pd.DataFrame, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    _, _, X, share = _share_design(years, start, end)
    return np.log(share / (1 - share)), X


def share_trend_ar1(years: pd.DataFrame, start: int, end: int, rho: float | None = None, *,
                    level: float) -> dict:
    """Linear trend of the logit share with AR(1) errors, by Prais-Winsten.

    ``logit(share_t) = a + b t + u_t``, ``u_t = rho u_(t-1) + e_t``. Prais-Winsten keeps the
    first year (scaled by sqrt(1 - rho^2)); Cochrane-Orcutt (:func:`share_trend_cochrane_orcutt`)
    drops it, and with 18 years that one year can decide the answer. Every year has 1,000
    or more arrivals in 2002-2019, so binomial noise is small beside the year-to-year
    variation and the years are weighted equally. t quantiles with the regression's df.
    ``rho`` fixes the autocorrelation instead of estimating it (a sensitivity).

    Returns ``odds_ratio``, ``ci_low``, ``ci_high``, ``se`` (of the log odds ratio), ``rho``.
    """
    y, X = _logit_share(years, start, end)
    fit, r = _prais_winsten(y, X, rho)
    low, high = np.exp(fit.conf_int(alpha=1 - level)[1])
    return {"odds_ratio": float(np.exp(fit.params[1])), "ci_low": float(low), "ci_high": float(high),
            "se": float(fit.bse[1]), "rho": r}


def share_trend_cochrane_orcutt(years: pd.DataFrame, start: int, end: int, *, level: float) -> dict:
    """The AR(1) trend by iterated Cochrane-Orcutt (``statsmodels.GLSAR``), which drops the
    first year: shown only as a sensitivity of :func:`share_trend_ar1`."""
    y, X = _logit_share(years, start, end)
    model = sm.GLSAR(y, X, rho=1)
    fit = model.iterative_fit(maxiter=50)
    low, high = np.exp(fit.conf_int(alpha=1 - level)[1])
    return {"odds_ratio": float(np.exp(fit.params[1])), "ci_low": float(low),
            "ci_high": float(high), "se": float(fit.bse[1]), "rho": float(model.rho[0])}


def share_trend_ar1_ml(years: pd.DataFrame, start: int, end: int, *, level: float) -> dict:
    """The AR(1) trend by exact maximum likelihood (``ARIMA(1, 0, 0)`` with the trend as
    exogenous regressor), which keeps the first year too; t quantiles with n - 3 df."""
    from statsmodels.tsa.arima.model import ARIMA

    y, X = _logit_share(years, start, end)
    fit = ARIMA(y, exog=X[:, 1], order=(1, 0, 0), trend="c").fit()
    b, se = float(fit.params[1]), float(fit.bse[1])
    q = stats.t.ppf(0.5 + level / 2, len(y) - 3)
    return {"odds_ratio": float(np.exp(b)), "ci_low": float(np.exp(b - q * se)),
            "ci_high": float(np.exp(b + q * se)), "se": se, "rho": float(fit.params[2])}


def ar1_se_factor(n: int, rho: float) -> float:
    """How many times AR(1) errors with ``rho`` widen the standard error of a least-squares
    trend over ``n`` equally spaced years, against independent errors of the same variance:
    sqrt of ``[(X'X)^-1 X' R X (X'X)^-1]_11 / [(X'X)^-1]_11`` with ``R_ij = rho^|i - j|``."""
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    R = rho ** np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    inv = np.linalg.inv(X.T @ X)
    return float(np.sqrt((inv @ X.T @ R @ X @ inv)[1, 1] / inv[1, 1]))


def share_nonlinearity(years: pd.DataFrame, start: int, end: int) -> dict:
    """Quasi-likelihood F test of adding t² and t³ to the logit-linear share trend.

    Both models are binomial GLMs of the share with ``var_weights = total``; the
    denominator is the dispersion of the larger (cubic) model. Returns ``F``, ``df_num``,
    ``df_den``, ``p``, and the two dispersions (``dispersion_linear``, ``dispersion_cubic``).
    """
    fits = {}
    for degree in (1, 3):
        d, _, X, share = _share_design(years, start, end, degree)
        fits[degree] = sm.GLM(share, X, family=sm.families.Binomial(),
                              var_weights=d["total"].to_numpy(dtype=float)).fit()
    small, big = fits[1], fits[3]
    phi_big = big.pearson_chi2 / big.df_resid
    F = (small.deviance - big.deviance) / 2 / phi_big
    return {"F": float(F), "df_num": 2, "df_den": int(big.df_resid),
            "p": float(stats.f.sf(F, 2, big.df_resid)),
            "dispersion_linear": float(small.pearson_chi2 / small.df_resid),
            "dispersion_cubic": float(phi_big)}


def share_prediction(years: pd.DataFrame, start: int, end: int, targets: list[int],
                     level: float) -> pd.DataFrame:
    """Where one year's share should fall if the start-end trend had held: a logit-normal model.

    ``logit(share_y) = a + b t + u_y + e_y``: a linear trend fitted by least squares on
    ``start..end``; ``u_y`` the year-to-year variation beyond sampling, with variance
    ``s^2`` minus the mean binomial variance of the fitted years; ``e_y`` the binomial
    sampling of a year with ``n_y`` arrivals (variance ``1 / (n p (1 - p))`` on the
    logit scale). The interval adds the trend's own uncertainty; t with n - 2 df.

    Returns one row per target year: ``year``, ``total``, ``share``, ``trend``,
    ``pi_low``, ``pi_high``, ``below`` (observed under the interval), ``above``, and
    ``trend_odds_ratio``: this model's own yearly factor (least squares on the logit share,
    each year weighted equally), which differs a little from :func:`share_trend`'s.
    """
    d, _, X, share = _share_design(years, start, end)
    logit = np.log(share / (1 - share))
    fit = sm.OLS(logit, X).fit()
    n_fit = d["total"].to_numpy(dtype=float)
    binom_fit = 1 / (n_fit * share * (1 - share))
    var_year = max(fit.scale - binom_fit.mean(), 0.0)
    q = stats.t.ppf(0.5 + level / 2, fit.df_resid)
    rows = []
    for y in targets:
        x = np.array([1.0, y - start])
        eta = float(x @ fit.params)
        p = 1 / (1 + np.exp(-eta))
        n = float(years.loc[y, "total"])
        spread = np.sqrt(x @ fit.cov_params() @ x + var_year + 1 / (n * p * (1 - p)))
        low, high = (1 / (1 + np.exp(-(eta + s * q * spread))) for s in (-1, 1))
        obs = float(years.loc[y, "female"] / n)
        rows.append({"year": y, "total": int(n), "share": obs, "trend": p,
                     "pi_low": low, "pi_high": high, "below": obs < low, "above": obs > high,
                     "trend_odds_ratio": float(np.exp(fit.params[1]))})
    return pd.DataFrame(rows)
