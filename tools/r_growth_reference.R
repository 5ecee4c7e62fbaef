# Reference values for fit_growth's profile-t intervals and identifiability tests, generated once with R
# (stats::nls + confint, which profiles as MASS's confint.profile.nls) and committed as fixtures:
#   Rscript tools/r_growth_reference.R tests/python/fixtures
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
