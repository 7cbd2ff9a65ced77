# sna's netlm / netlogit with mode="graph" on a fixed undirected example, for
# tests/models/test_models_qap.py (CI has no R: the numbers are kept in qap_sna.csv).
# Run: Rscript tests/r/qap_sna.R > tests/r/qap_sna.Rout   (from the repository root)
# The data are written out below (the same literals are in the Python test).
suppressPackageStartupMessages(library(sna))
cat(R.version.string, "\nsna", as.character(packageVersion("sna")),
    "network", as.character(packageVersion("network")), "\n")

n <- 12
group <- c(1, 2, 0, 0, 0, 2, 2, 2, 2, 2, 2, 0)
age <- c(51, 58, 28, 23, 38, 28, 33, 48, 18, 47, 32, 36)
ybin <- c(0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,1,1,1,1,0,0,0,0,0,0,0,
          0,0,1,0,1,1,0,1,0,1,0,0,0,0,0,1,1,1,0,0,0,0,0,0,0,1)
yval <- c(0.62,-2.40,-0.18,0.32,-2.06,-0.41,0.50,0.30,1.49,1.75,-1.37,-1.37,0.54,-0.81,0.10,
          -0.57,-0.38,1.29,-0.72,0.55,0.00,1.95,2.74,0.18,-0.41,-1.63,0.12,-0.27,-0.02,-1.62,
          -0.39,-0.57,-0.79,-1.25,-0.96,-2.02,0.67,1.01,-2.21,-0.57,0.03,-0.46,-0.82,0.84,
          -0.38,2.66,-1.12,-0.08,0.37,1.27,-1.11,-0.16,0.27,0.23,-0.11,1.37,1.76,1.04,2.28,
          -0.59,-0.29,2.43,0.62,0.08,0.73,-0.72)
# the upper triangle row by row (numpy's triu_indices order), mirrored
fill <- function(v) {
  m <- matrix(0, n, n); k <- 0
  for (i in 1:(n - 1)) for (j in (i + 1):n) { k <- k + 1; m[i, j] <- v[k]; m[j, i] <- v[k] }
  m
}
same <- outer(group, group, "==") * 1
absdiff <- abs(outer(age, age, "-"))
x <- array(0, c(2, n, n)); x[1, , ] <- same; x[2, , ] <- absdiff
reps <- 5000
out <- NULL
for (fam in c("linear", "logistic")) for (null in c("qapspp", "qapy")) {
  set.seed(20261204)
  fit <- if (fam == "linear") netlm(fill(yval), x, mode = "graph", nullhyp = null, reps = reps)
         else netlogit(fill(ybin), x, mode = "graph", nullhyp = null, reps = reps)
  cat("\n==", fam, null, "\n"); print(summary(fit))
  out <- rbind(out, data.frame(family = fam, null = null, term = c("(intercept)", "same", "absdiff"),
                               coef = fit$coefficients, statistic = fit$tstat,
                               p_greater = fit$pgreq, p_less = fit$pleeq, pvalue = fit$pgreqabs,
                               reps = reps))
}
write.csv(format(out, digits = 17), "tests/r/qap_sna.csv", row.names = FALSE, quote = FALSE)
