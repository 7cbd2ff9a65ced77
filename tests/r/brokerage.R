# Reference values for netmix.bridging.brokerage: R's sna::brokerage on two digraphs.
#
# Run from the repository root:
#   Rscript tests/r/brokerage.R > tests/r/brokerage_sna.Rout
# It writes tests/r/brokerage_sna.csv (read by tests/test_brokerage_sna.py; CI has no R)
# and prints sna's own summary of both analyses (kept in tests/r/brokerage_sna.Rout).
#
# Cases (same node order and group vector as the Python test):
#   classroom: netseg's Classroom ("with whom do you like to play", 26 pupils, 88 arcs),
#              groups = gender; copied from netseg data-raw/classroom-edb.csv and
#              classroom-vdb.csv, as in tests/measures/test_segregation.py
#   toy:       the digraph of the brokerage() docstring and tests/test_bridging.py:
#              1->2, 2->3, 4->2, 2->5, 3->6, 6->4, 1->3; groups A A A B B C
#
# Columns of the CSV: case, level ("node", "total" or "group"), id (node id, role total or
# group label), role (sna's name: w_I w_O b_IO b_OI b_O t), observed, expected, sd, z,
# p_sna (2 * (1 - pnorm(|z|)), what print(summary(<brokerage>)) shows for the totals),
# p (2 * pnorm(-|z|), the same p-value without the cancellation of 1 - pnorm).
# Numbers are printed with 17 significant digits (%.17g): a double round-trips exactly.

suppressPackageStartupMessages({
  library(sna)
})

classroom_arcs <- scan(text = "
1003 1018 1003 1051 1003 1072 1006 1009 1006 1042 1006 1057 1006 1078 1009 1006 1009 1057
1009 1078 1012 1015 1012 1021 1012 1075 1015 1012 1015 1021 1015 1078 1018 1042 1018 1048
1018 1051 1018 1060 1018 1072 1021 1006 1021 1009 1021 1012 1021 1057 1021 1078 1027 1006
1027 1009 1027 1048 1027 1051 1027 1057 1027 1078 1030 1009 1030 1078 1033 1051 1036 1006
1036 1033 1036 1042 1039 1018 1039 1042 1042 1006 1042 1018 1042 1039 1042 1051 1045 1018
1045 1042 1048 1018 1048 1042 1048 1045 1048 1051 1048 1054 1051 1018 1051 1042 1051 1045
1051 1048 1051 1054 1054 1018 1054 1039 1054 1048 1054 1051 1054 1072 1057 1009 1057 1078
1060 1003 1060 1018 1060 1042 1060 1051 1063 1006 1063 1042 1063 1066 1063 1069 1066 1027
1066 1063 1066 1069 1066 1075 1069 1051 1069 1063 1069 1066 1072 1003 1072 1018 1072 1051
1075 1009 1075 1027 1075 1057 1075 1078 1078 1006 1078 1009 1078 1057", quiet = TRUE)
classroom_ids <- seq(1003, 1078, by = 3)
girls <- c(1006, 1009, 1012, 1015, 1021, 1027, 1030, 1057, 1063, 1066, 1069, 1075, 1078)
classroom_groups <- ifelse(classroom_ids %in% girls, "Girl", "Boy")

adjacency <- function(ids, arcs) {
  arcs <- matrix(arcs, ncol = 2, byrow = TRUE)
  a <- matrix(0, length(ids), length(ids), dimnames = list(ids, ids))
  a[cbind(match(arcs[, 1], ids), match(arcs[, 2], ids))] <- 1
  a
}

cases <- list(
  classroom = list(adj = adjacency(classroom_ids, classroom_arcs), cl = classroom_groups),
  toy = list(adj = adjacency(1:6, c(1, 2, 2, 3, 4, 2, 2, 5, 3, 6, 6, 4, 1, 3)),
             cl = c("A", "A", "A", "B", "B", "C"))
)
stopifnot(sum(cases$classroom$adj) == 88, sum(cases$toy$adj) == 7)

f <- function(x) sprintf("%.17g", x)
rows <- character()
add <- function(case, level, id, role, obs, ex, sd, z, p_sna = NA, p = NA) {
  rows <<- c(rows, paste(case, level, id, role, f(obs), f(ex), f(sd), f(z), f(p_sna), f(p),
                         sep = ","))
}

cat(R.version.string, "\n")
cat("sna", as.character(packageVersion("sna")), "\n\n")
for (name in names(cases)) {
  b <- brokerage(cases[[name]]$adj, cases[[name]]$cl)
  roles <- colnames(b$raw.nli)
  ids <- rownames(cases[[name]]$adj)
  for (i in seq_along(ids)) for (r in roles)
    add(name, "node", ids[i], r, b$raw.nli[i, r], b$exp.nli[i, r], b$sd.nli[i, r],
        b$z.nli[i, r])
  for (r in roles) {
    z <- b$z.gli[[r]]
    add(name, "total", "all", r, b$raw.gli[[r]], b$exp.gli[[r]], b$sd.gli[[r]], z,
        2 * (1 - pnorm(abs(z))), 2 * pnorm(-abs(z)))
  }
  for (g in rownames(b$exp.grp)) for (r in roles)
    add(name, "group", g, r, NA, b$exp.grp[g, r], b$sd.grp[g, r], NA)
  cat("=====", name, "=====\n")
  print(summary(b))
}
writeLines(c("case,level,id,role,observed,expected,sd,z,p_sna,p", rows),
           "tests/r/brokerage_sna.csv")
