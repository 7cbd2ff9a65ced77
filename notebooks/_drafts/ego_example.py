"""Contact diaries and surveys with netmix.ego: from a simulated survey to the integration
ratio by group with confidence intervals, and a composition table per ego.

A plain script in notebook order: each "# %%" block is one cell. Run it with
    python notebooks/_drafts/ego_example.py
"""

# %% [markdown]
# # Who do people meet, compared with who lives around them?
#
# Surveys such as the British Integration Survey ask respondents about the people they
# met (up to five, with their ethnicity, age, job) and compare them with the population
# of the respondent's area. `netmix.ego` holds such data (egos, alters, area table),
# describes each personal network, and measures actual against expected mixing.

# %%
import netmix
from netmix.datasets.survey import simulate_diary_survey
from netmix.ego import (
    composition_summary,
    contact_matrix,
    ego_composition,
    ingroup_overrepresentation,
    integration_ratio,
    ratio_matrix,
    read_ego_data,
)
from netmix.plotting.ego import plot_integration_ratio, plot_ratio_matrix

# %% [markdown]
# ## 1. A simulated survey with known truth
#
# Four areas of different ethnic composition; 1,500 respondents (small groups
# over-sampled, survey weights correct for it); each reports up to 5 contacts. Group A
# picks a contact from its own group with probability 0.6 before drawing at random from
# the area, B with 0.3, C with 0.2: the true integration ratio of each group is 1 - h.

# %%
sim = simulate_diary_survey(1500, homophily={"A": 0.6, "B": 0.3, "C": 0.2}, seed=2016)
print(sim.areas)
print(sim.egos.head())
print(sim.alters.head())
print({k: sim.truth[k] for k in ("integration_ratio", "integration_ratio_by_group")})

# %% [markdown]
# ## 2. Read the tables into EgoData
#
# The same call reads CSV or Parquet files. Ego and alter variables may have different
# names; raw codes are mapped explicitly to the area table's groups (`alter_levels`).
# Alters pointing to unknown egos, groups the area table lacks, missing or negative
# weights all raise an error naming the row. Respondents who met nobody are kept.

# %%
data = read_ego_data(sim.egos, sim.alters, group="group", alter_group="alter_group",
                     area="area", areas=sim.areas, survey_weight="weight")
print(data.summary())

# %% [markdown]
# ## 3. Composition of each personal network (one row per ego, ready for regressions)

# %%
comp = ego_composition(data, join=True)
print(comp[["group", "n_alters", "share_A", "share_B", "share_C", "prop_same", "ei_index",
            "blau", "iqv", "entropy", "richness", "trust"]].head(10))
print(composition_summary(data))

# %% [markdown]
# Weighted by contact duration (minutes):

# %%
print(ego_composition(data, weight="duration")[["volume", "prop_same", "blau"]].head())

# %% [markdown]
# ## 4. Actual versus expected mixing
#
# For each respondent, the out-group contact observed and that expected if the contacts
# had been drawn at random from the other residents of the area. The integration ratio
# is the survey-weighted ratio of the sums: 1 = as mixed as the area, 0.5 = half the
# opportunities to mix taken up. Every choice is recorded on the result.

# %%
res = integration_ratio(data, by="group", ci="bootstrap", n_resamples=999, seed=1)
print(res.summary())
print(res.table[["ratio", "ci_low", "ci_high", "n_egos", "n_alters"]])
print("truth by group:", sim.truth["integration_ratio_by_group"])

# %%
ax = plot_integration_ratio(res)
ax.figure  # noqa: B018  (a cell's last expression is displayed in a notebook)

# %% [markdown]
# The same with the analytic (linearisation) and GLM (quasi-Poisson, cluster-robust)
# intervals, by area, and the mean of per-ego ratios, which weights respondents equally
# rather than by their number of contacts:

# %%
for ci in ("analytic", "glm"):
    r = integration_ratio(data, ci=ci)
    print(ci, round(r.statistic, 3), (round(r.ci_low, 3), round(r.ci_high, 3)))
print(integration_ratio(data, by="area", ci="analytic").table[["ratio", "ci_low", "ci_high"]])
print(sim.truth["integration_ratio_by_area"])
mor = integration_ratio(data, estimator="mean_of_ratios", ci="analytic")
print("mean of ratios", round(mor.statistic, 3), "truth", round(sim.truth["mean_of_ratios"], 3))

# %% [markdown]
# ## 5. In-group over-representation and the group-by-group ratio matrix

# %%
print(ingroup_overrepresentation(data, ci="analytic").table[["ratio", "ci_low", "ci_high"]])
rm = ratio_matrix(data)
print(rm)
plot_ratio_matrix(rm, title="Observed / expected contact").figure  # noqa: B018

# %% [markdown]
# ## 6. Contact matrix with reciprocity correction (as socialmixr)

# %%
cm = contact_matrix(data, symmetric=True)
print(cm.matrix)
print(cm.reciprocity())

# %% [markdown]
# ## 7. Diaries against sensors: the high school of Mastrandrea et al. (2015)

# %%
from netmix.ego import compare_diary_sensor  # noqa: E402

diary = netmix.datasets.load_highschool_2013("diary")
sensor = netmix.datasets.load_highschool_2013("sensor", start="2013-12-05", end="2013-12-06",
                                              tz="Europe/Paris")
cmp = compare_diary_sensor(diary, sensor)
print(cmp.summary())
print(cmp.by_duration)
print(cmp.durations)
