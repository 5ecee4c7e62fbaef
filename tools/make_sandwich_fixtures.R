# Reference values from R's sandwich package for uptake's kernel HAC (tests/python/test_trend_intervals.py).
#
# Usage: Rscript tools/make_sandwich_fixtures.R <golden hac dir> <output dir>
#   e.g. Rscript tools/make_sandwich_fixtures.R ../shared/reference/golden/hac tests/fixtures
# Writes <output dir>/sandwich_series.csv (the simulated inputs, so tests need no R) and
# <output dir>/sandwich_kernhac.csv (covariances and bandwidths). Needs r-cran-sandwich (Debian), not in CI.
suppressPackageStartupMessages(library(sandwich))
args <- commandArgs(trailingOnly = TRUE)
golden <- if (length(args) >= 1) args[1] else "../shared/reference/golden/hac"
out <- if (length(args) >= 2) args[2] else "tests/fixtures"

# Simulated series shaped like weekly adoption data: a trend plus persistent errors.
set.seed(20240612)
n1 <- 104
t1 <- 0:(n1 - 1)
ar08 <- as.numeric(arima.sim(list(ar = 0.8), n = n1, n.start = 300))
sim_ar <- data.frame(case = "sim_ar1_0.8_n104", t = t1, y = 5 + 0.01 * t1 + 0.1 * ar08, shift = 0)
n2 <- 80
t2 <- 0:(n2 - 1)
arma <- as.numeric(arima.sim(list(ar = 0.6, ma = 0.4), n = n2, n.start = 300))
shift <- as.numeric(t2 >= 50)
sim_iv <- data.frame(case = "sim_arma_shift_n80", t = t2, y = 2 - 0.02 * t2 + 0.5 * shift + 0.2 * arma, shift = shift)
series <- rbind(sim_ar, sim_iv)
series$y <- sprintf("%.17g", series$y)
write.csv(series, file.path(out, "sandwich_series.csv"), row.names = FALSE, quote = FALSE)

m <- read.csv(file.path(golden, "macrodata_subset.csv"))
ginv <- 400 * diff(log(m$realinv))
ggdp <- 400 * diff(log(m$realgdp))
lint <- m$realint[-length(m$realint)]
air <- read.csv(file.path(golden, "airpassengers_input.csv"))
models <- list(
  macro_ginv_on_ggdp_lint = lm(ginv ~ ggdp + lint),
  log_AirPassengers_on_t = lm(log(air$AirPassengers) ~ air$t),
  sim_ar1_0.8_n104 = lm(y ~ t, data = sim_ar),
  sim_arma_shift_n80 = lm(y ~ t + shift, data = sim_iv)
)
estimators <- list(
  kernHAC_qs_andrews_prewhite_adjust = function(fm) kernHAC(fm),
  kernHAC_bartlett_andrews_prewhite_adjust = function(fm) kernHAC(fm, kernel = "Bartlett"),
  kernHAC_parzen_andrews_prewhite_adjust = function(fm) kernHAC(fm, kernel = "Parzen"),
  kernHAC_qs_andrews_noprewhite_adjust = function(fm) kernHAC(fm, prewhite = 0),
  kernHAC_qs_andrews_prewhite_noadjust = function(fm) kernHAC(fm, adjust = FALSE),
  kernHAC_qs_neweywest_prewhite_adjust = function(fm) kernHAC(fm, bw = bwNeweyWest),
  NeweyWest_auto_prewhite = function(fm) NeweyWest(fm),
  NeweyWest_auto_noprewhite = function(fm) NeweyWest(fm, prewhite = FALSE),
  NeweyWest_lag4_prewhite = function(fm) NeweyWest(fm, lag = 4)
)
bandwidths <- list(
  bwAndrews_qs_prewhite = function(fm) bwAndrews(fm),
  bwAndrews_bartlett_prewhite = function(fm) bwAndrews(fm, kernel = "Bartlett"),
  bwAndrews_qs_noprewhite = function(fm) bwAndrews(fm, prewhite = 0),
  bwNeweyWest_bartlett_prewhite = function(fm) bwNeweyWest(fm),
  bwNeweyWest_qs_prewhite = function(fm) bwNeweyWest(fm, kernel = "Quadratic Spectral"),
  bwNeweyWest_bartlett_noprewhite = function(fm) bwNeweyWest(fm, prewhite = 0)
)
rows <- list()
for (case in names(models)) {
  fm <- models[[case]]
  for (est in names(estimators)) {
    V <- estimators[[est]](fm)
    for (i in seq_len(nrow(V))) for (j in seq_len(ncol(V))) {
      rows[[length(rows) + 1]] <- data.frame(case = case, estimator = est, row = i - 1, col = j - 1, value = V[i, j])
    }
  }
  for (bw in names(bandwidths)) {
    rows[[length(rows) + 1]] <- data.frame(case = case, estimator = bw, row = -1, col = -1, value = bandwidths[[bw]](fm))
  }
}
res <- do.call(rbind, rows)
res$value <- sprintf("%.17g", res$value)
write.csv(res, file.path(out, "sandwich_kernhac.csv"), row.names = FALSE, quote = FALSE)
cat("sandwich", as.character(packageVersion("sandwich")), "-", nrow(res), "values written to", out, "\n")
