# Reference values for fit_growth's profile-t intervals and identifiability tests and for Davies' test, generated once with R
# (stats::nls + confint, which profiles as MASS's confint.profile.nls) and committed as fixtures:
#   Rscript tools/r_kernel_reference.R tests/python/fixtures
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/python/fixtures"
suppressMessages(library(MASS))
d <- DNase[DNase$Run == 1, ]
x <- log(d$conc); y <- d$density
fits <- list(
  logistic = nls(y ~ SSlogis(x, Asym, xmid, scal)),
  gompertz = nls(y ~ SSgompertz(x, Asym, b2, b3))
)
rows <- do.call(rbind, lapply(names(fits), function(m) {
  f <- fits[[m]]
  ci <- suppressMessages(confint(f, level = 0.95))
  data.frame(dataset = "DNase_run1_logconc", model = m, param = rownames(ci), estimate = coef(f),
             se = summary(f)$coefficients[, 2], low = ci[, 1], high = ci[, 2], rss = deviance(f))
}))
write.csv(rows, file.path(out, "growth_profile_R.csv"), row.names = FALSE)
write.csv(data.frame(quarter = as.numeric(time(austres)), population = as.numeric(austres)),
          file.path(out, "austres.csv"), row.names = FALSE)

# Davies' test (segmented::davies.test on lm(y ~ t), defaults k = 10, two-sided) on deterministic series: a kink,
# a straight line, and a long series (n > 300 switches R to the normal-theory form).
suppressMessages(library(segmented))
series <- list(
  kink100 = function(t) 10 + 0.5 * t - 0.8 * pmax(t - 60, 0) + 2 * sin(1.7 * t),
  line100 = function(t) 3 + 0.2 * t + 1.5 * sin(2.3 * t),
  kink400 = function(t) 5 + 0.1 * t - 0.05 * pmax(t - 250, 0) + 3 * sin(0.9 * t)
)
davies <- do.call(rbind, lapply(names(series), function(name) {
  n <- as.integer(sub("[a-z]+", "", name))
  t <- seq_len(n) - 1
  y <- series[[name]](t)
  d <- davies.test(lm(y ~ t))
  data.frame(series = name, n = n, p_value = d$p.value, best = unname(d$statistic))
}))
write.csv(davies, file.path(out, "davies_R.csv"), row.names = FALSE)
