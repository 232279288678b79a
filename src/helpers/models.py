"""Statistical models shared by the analysis notebooks (statsmodels, stated explicitly).

Every function returns plain numbers in a dict (and the fitted result where a notebook
needs residuals), so that notebooks can render them without printing statsmodels'
``summary()``, whose header carries the date and time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm


def share_trend(years: pd.DataFrame, start: int, end: int) -> dict:
    """Quasi-binomial trend of the female share on calendar year.

    Model: ``logit E[female / total] = a + b * (year - start)``, a binomial GLM of the
    share with ``var_weights = total`` (so each year weighs by its arrivals), and the
    dispersion estimated as Pearson chi-square / residual df (``scale="X2"``), which
    widens the intervals by its square root. (Fitting ``female + male ~ t`` as two
    columns with ``scale="X2"`` gets the dispersion wrong in statsmodels 0.15.)

    Parameters
    ----------
    years : single-year rows indexed by year with ``female`` and ``total``.
    start, end : first and last year of the fit (inclusive).

    Returns
    -------
    dict with ``odds_ratio``, ``ci_low``, ``ci_high`` (per year, 95%), ``dispersion``,
    ``df_resid``, ``n_years``, ``start``, ``end``, ``fit`` (the statsmodels result) and
    ``frame`` (year, share, fitted, Pearson residual).
    """
    d = years.loc[start:end]
    t = np.asarray(d.index, dtype=float) - start
    X = sm.add_constant(t)
    share = (d["female"] / d["total"]).to_numpy(dtype=float)
    fit = sm.GLM(share, X, family=sm.families.Binomial(),
                 var_weights=d["total"].to_numpy(dtype=float)).fit(scale="X2")
    low, high = np.exp(fit.conf_int()[1])
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


def its_frame(total: pd.Series, start: int, end: int, break_year: int,
              covid: tuple[int, int] | None = None) -> pd.DataFrame:
    """Design of the segmented model on ``start..end``.

    Columns: ``year``, ``total``, ``t = year - start``, ``post = year >= break_year``,
    ``t_post = (year - break_year) * post`` and, if ``covid=(first, last)``, a
    ``covid`` indicator for those years.
    """
    d = pd.DataFrame({"year": np.arange(start, end + 1)})
    d["total"] = total.reindex(d["year"]).to_numpy()
    d["t"] = d["year"] - start
    d["post"] = (d["year"] >= break_year).astype(int)
    d["t_post"] = (d["year"] - break_year) * d["post"]
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


def its_quasi_poisson(d: pd.DataFrame, extra: tuple[str, ...] = ()) -> dict:
    """Quasi-Poisson segmented regression: ``log E[total] = b0 + b1 t + b2 post + b3 t_post``.

    Poisson GLM with the dispersion estimated as Pearson chi-square / df (``scale="X2"``).
    Returns the three ratios with 95% intervals, the dispersion of the unscaled Poisson
    fit, the fitted result (``fit``) and the design (``frame``).
    """
    cols = ["t", "post", "t_post", *extra]
    X = sm.add_constant(d[cols].astype(float))
    fit = sm.GLM(d["total"].astype(float), X, family=sm.families.Poisson()).fit(scale="X2")
    params, conf = pd.Series(fit.params, index=X.columns), pd.DataFrame(fit.conf_int(), index=X.columns)
    out = _ratios(params, conf, RATIO_NAMES)
    out.update(dispersion=float(fit.pearson_chi2 / fit.df_resid), df_resid=int(fit.df_resid),
               fit=fit, frame=d, columns=list(X.columns))
    return out


def its_negative_binomial(d: pd.DataFrame) -> dict:
    """Negative binomial segmented regression with alpha estimated by maximum likelihood.

    ``smf.negativebinomial`` estimates alpha; the GLM with that alpha gives the ratios
    (``families.NegativeBinomial()`` alone would fix alpha at 1).
    """
    import statsmodels.formula.api as smf

    ml = smf.negativebinomial("total ~ t + post + t_post", data=d).fit(disp=0, maxiter=200)
    alpha = float(ml.params["alpha"])
    X = sm.add_constant(d[["t", "post", "t_post"]].astype(float))
    fit = sm.GLM(d["total"].astype(float), X,
                 family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    out = _ratios(pd.Series(fit.params, index=X.columns),
                  pd.DataFrame(fit.conf_int(), index=X.columns), RATIO_NAMES)
    out.update(alpha=alpha, fit=fit)
    return out


def its_ols_newey_west(d: pd.DataFrame, maxlags: int = 2) -> dict:
    """OLS of log arrivals on the segmented design with Newey-West (HAC) errors."""
    X = sm.add_constant(d[["t", "post", "t_post"]].astype(float))
    fit = sm.OLS(np.log(d["total"].astype(float)), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": maxlags})
    out = _ratios(pd.Series(fit.params, index=X.columns),
                  pd.DataFrame(fit.conf_int(), index=X.columns), RATIO_NAMES)
    out.update(fit=fit)
    return out


def poisson_irls(y: np.ndarray, X: np.ndarray, iters: int = 50) -> tuple[np.ndarray, float, float]:
    """Poisson GLM by iteratively reweighted least squares (small, fast, for simulation).

    Returns (coefficients, deviance, Pearson chi-square).
    """
    mu = y + 0.5
    eta = np.log(mu)
    beta = np.zeros(X.shape[1])
    for _ in range(iters):
        z = eta + (y - mu) / mu
        w = np.sqrt(mu)
        new = np.linalg.lstsq(X * w[:, None], z * w, rcond=None)[0]
        eta = X @ new
        mu = np.exp(eta)
        if np.max(np.abs(new - beta)) < 1e-10:
            beta = new
            break
        beta = new
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    deviance = float(2 * np.sum(term - (y - mu)))
    pearson = float(np.sum((y - mu) ** 2 / mu))
    return beta, deviance, pearson


def break_f(y: np.ndarray, t: np.ndarray, years: np.ndarray, break_year: int,
            trend_deviance: float | None = None) -> float:
    """Quasi-likelihood F statistic of a level-and-slope break at ``break_year``.

    F = ((D_trend - D_break) / 2) / phi_break, where D are Poisson deviances of a single
    log-linear trend and of the trend with a break, and phi_break = Pearson chi-square
    / (n - 4) of the break model.
    """
    post = (years >= break_year).astype(float)
    X0 = np.column_stack([np.ones_like(t), t])
    X1 = np.column_stack([X0, post, (years - break_year) * post])
    d0 = poisson_irls(y, X0)[1] if trend_deviance is None else trend_deviance
    _, d1, p1 = poisson_irls(y, X1)
    return ((d0 - d1) / 2) / (p1 / (len(y) - 4))


def break_scan(total: pd.Series, start: int, end: int, trim: float = 0.15) -> pd.DataFrame:
    """F statistic for each candidate break year, trimming ``trim`` of the years at each end."""
    years = np.arange(start, end + 1)
    y = total.reindex(years).to_numpy(dtype=float)
    t = (years - start).astype(float)
    k = int(np.ceil(trim * len(years)))
    candidates = years[k:len(years) - k + 1]
    return pd.DataFrame({"break_year": candidates,
                         "F": [break_f(y, t, years, int(b)) for b in candidates]})


def sup_f_critical(total: pd.Series, start: int, end: int, *, trim: float = 0.15,
                   n_sim: int = 500, seed: int = 2012, level: float = 0.95) -> float:
    """Simulated critical value of the sup-F statistic under "no break".

    Series are drawn from the single log-linear trend fitted to the data, with the
    overdispersion of that fit (negative binomial draws with variance phi * mu), and the
    sup-F of each simulated series is computed as for the data. Seeded: same result on
    every run.
    """
    years = np.arange(start, end + 1)
    y = total.reindex(years).to_numpy(dtype=float)
    t = (years - start).astype(float)
    X0 = np.column_stack([np.ones_like(t), t])
    beta, _, pearson = poisson_irls(y, X0)
    mu = np.exp(X0 @ beta)
    phi = max(pearson / (len(y) - 2), 1.0 + 1e-9)
    rng = np.random.default_rng(seed)
    k = int(np.ceil(trim * len(years)))
    candidates = years[k:len(years) - k + 1]
    sups = np.empty(n_sim)
    for i in range(n_sim):
        ys = rng.negative_binomial(mu / (phi - 1), 1 / phi).astype(float)
        d0 = poisson_irls(ys, X0)[1]  # the single-trend fit is the same for every candidate
        sups[i] = max(break_f(ys, t, years, int(b), d0) for b in candidates)
    return float(np.quantile(sups, level))
