# Reference intervals from R's wilcox.test(conf.int = TRUE) for tests/analysis/test_intervals.py.
# Regenerate with: Rscript tests/analysis/reference/wilcox_intervals.R > tests/analysis/reference/wilcox_intervals.json
# (R 4.2.2, Debian's r-base-core). Every set is written out, so the test does not need R.
set.seed(2016)
num <- function(v) if (is.na(v)) "null" else formatC(v, digits = 17, format = "g")
vec <- function(v) paste0("[", paste(sapply(v, num), collapse = ", "), "]")
out <- character(0)
add <- function(kind, exact, x, y, r) {
  ci <- r$conf.int
  y_part <- if (is.null(y)) "" else paste0(', "y": ', vec(y))
  out <<- c(out, paste0(
    '{"kind": "', kind, '", "exact": ', tolower(exact), ', "x": ', vec(x), y_part,
    ', "low": ', num(ci[1]), ', "high": ', num(ci[2]),
    ', "level": ', num(attr(ci, "conf.level")), ', "pvalue": ', num(r$p.value), "}"))
}
grades <- function(n, shift = 0) pmin(10, pmax(1, sample(1:10, n, replace = TRUE,
  prob = c(2, 2, 4, 8, 14, 20, 25, 15, 7, 3)) + shift))
# Paired, integer differences with ties and zeros: the normal approximation.
for (i in 1:150) {
  n <- sample(c(8:30, 31:200), 1)
  d <- sample(-3:3, n, replace = TRUE, prob = c(1, 3, 6, 8, 6, 3, 1) + c(rep(0, 4), sample(0:3, 3)))
  r <- tryCatch(suppressWarnings(wilcox.test(d, conf.int = TRUE, exact = FALSE)), error = function(e) NULL)
  if (!is.null(r)) add("paired", FALSE, d, NULL, r)
}
# Paired, distinct magnitudes and no zeros: R's exact interval (Bauer's order statistics).
for (i in 1:60) {
  n <- sample(6:49, 1)
  d <- round(rnorm(n, mean = runif(1, -0.5, 0.8)), 3)
  if (any(d == 0) || any(duplicated(abs(d)))) next
  add("paired", TRUE, d, NULL, wilcox.test(d, conf.int = TRUE, exact = TRUE))
}
# Two groups of grades with ties: the normal approximation.
for (i in 1:150) {
  n1 <- sample(5:120, 1); n2 <- sample(5:120, 1)
  x <- grades(n1, sample(0:1, 1)); y <- grades(n2)
  r <- tryCatch(suppressWarnings(wilcox.test(x, y, conf.int = TRUE, exact = FALSE)), error = function(e) NULL)
  if (!is.null(r)) add("groups", FALSE, x, y, r)
}
# Two groups, all values distinct: R's exact interval.
for (i in 1:60) {
  n1 <- sample(4:30, 1); n2 <- sample(4:30, 1)
  x <- round(rnorm(n1, mean = runif(1, 0, 1)), 3); y <- round(rnorm(n2), 3)
  if (any(duplicated(c(x, y)))) next
  add("groups", TRUE, x, y, wilcox.test(x, y, conf.int = TRUE, exact = TRUE))
}
# The examples from issue 19.
add("paired", FALSE, c(rep(-2, 3), rep(-1, 21), rep(0, 47), rep(1, 16), rep(2, 2)), NULL,
    suppressWarnings(wilcox.test(c(rep(-2, 3), rep(-1, 21), rep(0, 47), rep(1, 16), rep(2, 2)), conf.int = TRUE, exact = FALSE)))
add("paired", FALSE, c(rep(1, 33), rep(-9, 6)), NULL,
    suppressWarnings(wilcox.test(c(rep(1, 33), rep(-9, 6)), conf.int = TRUE, exact = FALSE)))
cat("[\n", paste(out, collapse = ",\n"), "\n]\n", sep = "")
