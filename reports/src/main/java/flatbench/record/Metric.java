package flatbench.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static flatbench.record.Direction.HIGHER;
import static flatbench.record.Direction.LOWER;
import static flatbench.record.Direction.NEITHER;
import static flatbench.record.Uncertainty.BOOTSTRAP;
import static flatbench.record.Uncertainty.BOOTSTRAP_AND_PROBES;
import static flatbench.record.Uncertainty.BOOTSTRAP_AND_SPLIT_HALF;
import static flatbench.record.Uncertainty.DIRECTIONS;
import static flatbench.record.Uncertainty.FIT;
import static flatbench.record.Uncertainty.NONE;
import static flatbench.record.Uncertainty.PROBES;
import static flatbench.record.Uncertainty.REPRODUCTION;
import static flatbench.record.Uncertainty.RUNS;
import static flatbench.record.Uncertainty.SEEDS_AND_TEST_SAMPLES;
import static flatbench.record.Uncertainty.SLQ_PROBES;
import static flatbench.record.Uncertainty.SPLIT_HALF;

/**
 * The catalogue of every metric a run writes under {@code metrics} in result.json: its dotted
 * path, unit, which direction is better, how its uncertainty is given and what it is. The
 * writers take their keys from here, the record's {@code metricInfo}, the HTML report and
 * {@code compare} read units, directions and definitions from here, and docs/METRICS.md holds
 * {@link #markdownTable()}. Measured properties of the loss landscape are neither better nor
 * worse (NEITHER); losses and times are LOWER. Losses are in nats, so gradients are in nats per
 * unit parameter, C in nats², H in nats.
 */
public enum Metric {
    // training
    TRAINING_STEPS("training.steps", "steps", NEITHER, NONE, "optimizer steps taken (Entropy-SGD: outer steps)"),
    TRAINING_GRADIENT_EVALUATIONS("training.gradientEvaluations", "gradients", NEITHER, NONE,
            "mini-batch gradients evaluated: steps × the optimizer's gradients per step (Entropy-SGD: L); effective epochs = this × B / N"),
    TRAINING_FIRST_LOSS("training.firstLoss", "nats", LOWER, NONE, "mini-batch loss of the first step"),
    TRAINING_FINAL_LOSS("training.finalLoss", "nats", LOWER, NONE, "mean mini-batch loss over the last 20 steps"),
    TRAINING_SECONDS("training.seconds", "s", LOWER, NONE, "wall time of training"),
    TRAINING_SECONDS_PER_STEP("training.secondsPerStep", "s", LOWER, NONE, "wall time per SGD step"),
    TRAINING_STEPS_PER_SECOND("training.stepsPerSecond", "1/s", HIGHER, NONE, "SGD steps per second"),
    TRAINING_DIVERGED_STEP("training.divergence.step", "steps", NEITHER, NONE, "the 1-based step whose loss diverged (training stopped before its update); only in a diverged run"),
    TRAINING_DIVERGED_LOSS("training.divergence.loss", "nats", NEITHER, NONE, "that step's mini-batch loss (left out when it is not finite)"),
    TRAINING_DIVERGED_FIRST_LOSS("training.divergence.firstLoss", "nats", NEITHER, NONE, "the first step's loss, the reference of the threshold"),
    TRAINING_DIVERGED_FACTOR("training.divergence.factor", "", NEITHER, NONE, "--divergence-factor: the allowed growth over the first loss"),
    TRAINING_DIVERGED_THRESHOLD("training.divergence.threshold", "nats", NEITHER, NONE, "factor × first loss: a loss above it (or not finite) is divergence"),
    TRAINING_DIVERGED_REASON("training.divergence.reason", "", NEITHER, NONE, "the sentence result.json's status gives as the reason"),
    EVALUATION_SET("training.evaluation.set", "", NEITHER, NONE, "which samples were evaluated: test (held out) or train"),
    EVALUATION_SAMPLES("training.evaluation.samples", "samples", NEITHER, NONE, "samples evaluated (at most 2,000)"),
    EVALUATION_LOSS("training.evaluation.loss", "nats", LOWER, NONE, "mean loss on the evaluated samples"),
    EVALUATION_ACCURACY("training.evaluation.accuracy", "fraction", HIGHER, NONE, "fraction of evaluated samples classified correctly"),

    // noise: the per-sample gradient covariance C over the n noise samples
    NOISE_SAMPLES("noise.samples", "samples", NEITHER, NONE, "n, the noise batch, drawn without replacement from the training set"),
    NOISE_SECONDS("noise.perSampleGradientSeconds", "s", LOWER, NONE, "wall time of the streamed pass over the n per-sample gradients"),
    NOISE_TRACE("noise.trace", "nats²", NEITHER, BOOTSTRAP, "tr C, C = (1/n) Σᵢ (gᵢ − ḡ)(gᵢ − ḡ)ᵀ, summed from the streamed rows"),
    NOISE_TRACE_FROM_GRAM("noise.traceFromGram", "nats²", NEITHER, NONE, "tr K̃ / n from the engine's centred Gram matrix (a consistency check of tr C)"),
    NOISE_MEAN_GRADIENT_NORM2("noise.meanGradientNormSquared", "nats²", NEITHER, BOOTSTRAP, "‖ḡ‖², the squared norm of the noise batch's mean gradient (biased up by the noise)"),
    NOISE_TRUE_GRADIENT_NORM2("noise.trueGradientNormSquared", "nats²", NEITHER, BOOTSTRAP,
            "|G|² of the training set's mean gradient, unbiased: ‖ḡ‖² − (1 − n/N)·tr C/(n − 1)"),
    NOISE_SCALE("noise.gradientNoiseScale", "samples", NEITHER, BOOTSTRAP,
            "McCandlish et al.'s B_simple = tr Σ / |G|², Σ = n/(n−1)·C; left out when |G|² is not resolved (≤ 0)"),
    NOISE_SCALE_NAIVE("noise.naiveGradientNoiseScale", "samples", NEITHER, BOOTSTRAP, "tr C / ‖ḡ‖² with the biased ‖ḡ‖²: levels off near n when the gradient is small"),
    NOISE_GRAM_EIGENVALUES("noise.gramEigenvalues", "nats²", NEITHER, NONE, "eigenvalues of the centred Gram matrix K̃ = G̃G̃ᵀ, n × those of C; all n (dense) or the top ones (Lanczos)"),
    NOISE_GRAM_METHOD("noise.gramMethod", "", NEITHER, NONE, "dense, or lanczos-top-m for large n"),
    NOISE_GRAM_CONVERGED("noise.gramConverged", "", NEITHER, NONE, "false when Lanczos left wanted Gram eigenpairs above its tolerance"),
    NOISE_TOP_EIGENVALUES("noise.topEigenvalues", "nats²", NEITHER, NONE, "the largest eigenvalues of C (kept for the overlaps)"),
    NOISE_SAMPLING_SCHEME("noise.sampling.scheme", "", NEITHER, NONE, "how SGD drew its mini-batches"),
    NOISE_SAMPLING_BATCH("noise.sampling.stepBatchSize", "samples", NEITHER, NONE, "B of one SGD step"),
    NOISE_SAMPLING_DATASET("noise.sampling.datasetSize", "samples", NEITHER, NONE, "N, the training samples mini-batches and the noise batch are drawn from"),
    NOISE_SAMPLING_FACTOR("noise.sampling.stepFactor", "", NEITHER, NONE, "f with per-step noise covariance f·C: 1/B with replacement, (N−B)/((N−1)B) without"),
    NOISE_STEP_TRACE("noise.stepTrace", "nats²", NEITHER, BOOTSTRAP, "tr of one SGD step's noise covariance, f·tr C"),
    NOISE_BOOTSTRAP_RESAMPLES("noise.uncertainty.resamples", "resamples", NEITHER, NONE, "bootstrap resamples of the noise samples behind every ci95"),
    NOISE_BOOTSTRAP_SEED("noise.uncertainty.seed", "", NEITHER, NONE, "seed of the bootstrap resampling"),

    // hessian: the curvature matrix (Hessian or Gauss–Newton) of the mean loss on the curvature data
    HESSIAN_OPERATOR("hessian.operator", "", NEITHER, NONE, "hessian or gauss-newton"),
    CURVATURE_DATA_REQUESTED("hessian.curvatureData.requested", "", NEITHER, NONE, "--curvature-data as given: auto, train, noise or a number"),
    CURVATURE_DATA_USED("hessian.curvatureData.used", "", NEITHER, NONE, "what it resolved to: train, noise or a number of training samples"),
    CURVATURE_DATA_SAMPLES("hessian.curvatureData.samples", "samples", NEITHER, NONE, "samples the curvature was averaged over"),
    CURVATURE_DATA_POPULATION("hessian.curvatureData.population", "", NEITHER, NONE, "true when they are the whole training set (no split-half check is needed)"),
    HESSIAN_TOP_EIGENVALUES("hessian.topEigenvalues", "nats", NEITHER, NONE, "the top-k Ritz values λₖ by Lanczos with full re-orthogonalisation, converged or not"),
    HESSIAN_RESIDUALS("hessian.residuals", "nats", NEITHER, NONE, "true residuals ‖Avₖ − λₖvₖ‖ (one extra product each)"),
    HESSIAN_LANCZOS_STEPS("hessian.lanczosSteps", "products", NEITHER, NONE, "Krylov dimension Lanczos used"),
    HESSIAN_CONVERGED("hessian.converged", "", NEITHER, NONE, "every one of the top k has residual ≤ tol·|λ₁|"),
    HESSIAN_TOLERANCE("hessian.tolerance", "", NEITHER, NONE, "tol: a pair counts as converged when its residual ≤ tol·|λ₁|"),
    HESSIAN_TRACE("hessian.trace", "nats", NEITHER, PROBES, "tr H by Hutchinson (Rademacher probes), exact (Σ eᵢᵀHeᵢ) for small models"),
    HESSIAN_TRACE_PROBES("hessian.traceProbes", "probes", NEITHER, NONE, "Hutchinson probes (0 when the diagonal is exact)"),
    HESSIAN_TRACE_PROBE_VALUES("hessian.traceProbeValues", "nats", NEITHER, NONE, "zᵀHz per probe (raw samples)"),
    HESSIAN_DIAGONAL_EXACT("hessian.diagonalExact", "", NEITHER, NONE, "true when diag H was computed exactly, one product per coordinate"),
    DENSITY_GRID("hessian.density.grid", "nats", NEITHER, NONE, "eigenvalue grid of the spectral density"),
    DENSITY_DENSITY("hessian.density.density", "1/nats", NEITHER, NONE, "stochastic Lanczos quadrature estimate of the eigenvalue density, Gaussian-smoothed, integrating to 1"),
    DENSITY_SIGMA("hessian.density.sigma", "nats", NEITHER, NONE, "Gaussian smoothing width"),
    DENSITY_SIGMA_FRACTION("hessian.density.sigmaFraction", "", NEITHER, NONE, "smoothing width as a fraction of the spectral range"),
    DENSITY_RUNS("hessian.density.runs", "runs", NEITHER, NONE, "random starts of SLQ"),
    DENSITY_STEPS("hessian.density.steps", "products", NEITHER, NONE, "Lanczos steps of each SLQ run"),
    DENSITY_NODES("hessian.density.nodes", "nats", NEITHER, NONE, "Gauss quadrature nodes per run (raw samples)"),
    DENSITY_WEIGHTS("hessian.density.weights", "", NEITHER, NONE, "Gauss quadrature weights per run (raw samples)"),

    // alignment of C and H along H's top eigenvectors vₖ (converged pairs only)
    ALIGNMENT_K("alignment.k", "pairs", NEITHER, NONE, "eigenpairs asked for"),
    ALIGNMENT_CONVERGED("alignment.convergedEigenpairs", "pairs", HIGHER, NONE, "eigenpairs whose true residual passes the tolerance: only these enter the metrics below"),
    ALIGNMENT_EXCLUDED("alignment.excludedEigenpairs", "pairs", LOWER, NONE, "eigenpairs left out because their residual fails the tolerance"),
    ALIGNMENT_LAMBDA("alignment.lambda", "nats", NEITHER, SPLIT_HALF, "λₖ of the converged pairs"),
    ALIGNMENT_SIGMA2("alignment.sigma2", "nats²", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "σ²ₖ = vₖᵀCvₖ, the noise variance along vₖ"),
    ALIGNMENT_SIGMA2_OVER_LAMBDA("alignment.sigma2OverLambda", "nats", NEITHER, BOOTSTRAP_AND_SPLIT_HALF,
            "σ²ₖ/λₖ: ≈ 1 near the maximum-likelihood fit of a well-specified model (Fisher = Hessian; per step C/B ≈ H/B)"),
    ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5("alignment.sigma2OverLambdaTop5", "nats", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "mean of σ²ₖ/λₖ over the top 5 converged pairs with λₖ > 0"),
    ALIGNMENT_SLOPE("alignment.sigma2VsLambdaSlope", "", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "least-squares slope of log σ²ₖ on log λₖ over the pairs with both positive"),
    ALIGNMENT_INTERCEPT("alignment.sigma2VsLambdaIntercept", "", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "its intercept (log σ² at λ = 1)"),
    ALIGNMENT_R2("alignment.sigma2VsLambdaR2", "", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "its R² (left out when the σ² are all equal)"),
    ALIGNMENT_POINTS("alignment.sigma2VsLambdaPoints", "pairs", NEITHER, NONE, "pairs in the fit"),
    ALIGNMENT_TRHC_TOPK("alignment.trHCTopK", "nats³", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "Σₖ λₖσ²ₖ, tr(HC) within the top-k subspace (a lower bound for positive semi-definite H)"),
    ALIGNMENT_TRHC_TOPK_ISOTROPIC("alignment.trHCTopKIsotropic", "nats³", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "Σₖ λₖ · tr C/P, its value for noise of the same power spread evenly"),
    ALIGNMENT_TRHC_TOPK_RATIO("alignment.trHCTopKRatio", "", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "trHCTopK / trHCTopKIsotropic: 1 for isotropic noise, > 1 when noise lines up with the top curvature"),
    ALIGNMENT_TRHC_EXACT("alignment.trHCExact", "nats³", NEITHER, BOOTSTRAP, "tr(HC) = (1/n) Σᵢ g̃ᵢᵀHg̃ᵢ by n products (small models and curvature data only)"),
    ALIGNMENT_TRHC_ISOTROPIC("alignment.trHCIsotropic", "nats³", NEITHER, BOOTSTRAP_AND_PROBES, "tr H · tr C / P (Zhu et al.'s isotropic reference)"),
    ALIGNMENT_TRHC_EXACT_RATIO("alignment.trHCExactRatio", "", NEITHER, BOOTSTRAP_AND_PROBES, "trHCExact / trHCIsotropic, Zhu et al.'s full-space indicator"),
    ALIGNMENT_NOISE_FRACTION("alignment.topKNoiseFraction", "fraction", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "Σₖ σ²ₖ / tr C, the fraction of noise power in the top-k curvature subspace"),
    ALIGNMENT_NOISE_FRACTION_BY_K("alignment.noiseFractionByK", "fraction", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "Σ_{j≤k} σ²ⱼ / tr C for k = 1 … converged pairs"),
    ALIGNMENT_OVERLAP_K("alignment.overlapK", "pairs", NEITHER, NONE, "k of the subspace overlap: converged pairs, or fewer when C has lower rank"),
    ALIGNMENT_SUBSPACE_OVERLAP("alignment.subspaceOverlap", "fraction", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "‖U_Cᵀ V_H‖²_F / k over the top-k eigenvectors of C and H"),
    ALIGNMENT_COSINES("alignment.eigenvectorCosines", "", NEITHER, BOOTSTRAP_AND_SPLIT_HALF, "|cos| between the j-th eigenvectors of C and of H"),
    ALIGNMENT_GRADIENT_OVERLAP_K("alignment.gradientOverlapK", "pairs", NEITHER, NONE, "K of the headline gradient overlap: the number of classes (Gur-Ari et al.), or fewer converged pairs"),
    ALIGNMENT_GRADIENT_OVERLAP("alignment.gradientTopKOverlap", "fraction", NEITHER, SPLIT_HALF, "‖P_K ∇L‖²/‖∇L‖² with ∇L the training set's mean gradient, K = gradientOverlapK"),
    ALIGNMENT_GRADIENT_OVERLAP_BY_K("alignment.gradientOverlapByK", "fraction", NEITHER, SPLIT_HALF, "‖P_k ∇L‖²/‖∇L‖² for k = 1 … converged pairs"),
    ALIGNMENT_DIAGONAL_POWER_LAW("alignment.diagonalPowerLaw", "", NEITHER, FIT,
            "γ of C_ii ∝ H_ii^γ over the entries H's diagonal resolves: split-probe instrumental-variable fit (see docs/METRICS.md)"),
    ALIGNMENT_DIAGONAL_INTERCEPT("alignment.diagonalPowerLawIntercept", "", NEITHER, NONE, "its intercept (log C_ii at H_ii = 1)"),
    ALIGNMENT_DIAGONAL_POINTS("alignment.diagonalPowerLawPoints", "entries", NEITHER, NONE, "diagonal entries in the fit"),
    ALIGNMENT_DIAGONAL_DROPPED("alignment.diagonalPowerLawDropped", "entries", LOWER, NONE,
            "selected entries left out because the abscissa half H_ii^B (or C_ii) was not positive: about 0.1% of them by the selection"),
    ALIGNMENT_BOOTSTRAP_RESAMPLES("alignment.uncertainty.resamples", "resamples", NEITHER, NONE, "bootstrap resamples of the noise samples behind every ci95"),
    ALIGNMENT_BOOTSTRAP_SEED("alignment.uncertainty.seed", "", NEITHER, NONE, "seed of the bootstrap resampling"),
    SPLIT_HALF_SAMPLES("alignment.splitHalf.samples", "samples", NEITHER, NONE, "sizes of the two disjoint halves of the curvature data"),
    SPLIT_HALF_MOVED("alignment.splitHalf.moved", "", NEITHER, NONE,
            "metrics whose two half values differ by more than the width of their bootstrap interval: the curvature data do not suffice for them"),
    SPLIT_HALF_SUFFICIENT("alignment.splitHalf.sufficient", "", NEITHER, NONE, "true when no metric moved"),

    // engine facts
    ENGINE_NAME("engine.name", "", NEITHER, NONE, "engine that computed everything"),
    ENGINE_PRECISION("engine.precision", "", NEITHER, NONE, "float32 or float64"),
    ENGINE_PARAMETERS("engine.parameters", "parameters", NEITHER, NONE, "P"),
    ENGINE_HVP_METHOD("engine.hvpMethod", "", NEITHER, NONE, "how Hessian-vector products are computed"),
    ENGINE_EXACT_HVP("engine.exactHvp", "", NEITHER, NONE, "true for the exact R-operator"),
    ENGINE_GAUSS_NEWTON("engine.gaussNewton", "", NEITHER, NONE, "whether the engine has Gauss–Newton products"),
    ENGINE_GRAM_METHOD("engine.gramMethod", "", NEITHER, NONE, "how the Gram matrix is computed"),

    // checkpoints: one entry per measured step, each holding hessian, noise and alignment as above
    CHECKPOINTS("checkpoints", "", NEITHER, NONE, "the measurements at each --checkpoints step (a list, each with step, trainingLoss, hessian, noise, alignment)"),
    CHECKPOINT_STEP("checkpoints.step", "steps", NEITHER, NONE, "the step measured"),
    CHECKPOINT_TRAINING_LOSS("checkpoints.trainingLoss", "nats", LOWER, NONE, "mean mini-batch loss of the last steps before it"),

    // fengTu: Feng & Tu's variance–flatness analysis of the central weights' trajectory (feng-tu scenario)
    FENG_TU_TRAIN_SAMPLES("fengTu.trainSamples", "samples", NEITHER, NONE, "N, the training samples SGD drew from and every loss profile averaged over"),
    FENG_TU_WEIGHTS("fengTu.weights", "parameters", NEITHER, NONE, "weights analysed: the central (second) dense layer's weight matrix, 50 × 50 = 2,500 for the mlp"),
    FENG_TU_SNAPSHOTS("fengTu.snapshots", "snapshots", NEITHER, NONE, "T, weight snapshots recorded over the window"),
    FENG_TU_SNAPSHOT_INTERVAL("fengTu.snapshotInterval", "steps", NEITHER, NONE, "SGD steps between snapshots"),
    FENG_TU_TRAINING_ERROR("fengTu.trainingError", "fraction", LOWER, NONE, "training-set error when the window began"),
    FENG_TU_MEAN_LOSS("fengTu.meanLoss", "nats", NEITHER, NONE, "L₀ = L(w̄), the full training set's loss at the window's mean weights"),
    FENG_TU_SIGMA2("fengTu.sigma2", "weight²", NEITHER, NONE, "σ²ᵢ, the trajectory's variance along its i-th principal direction pᵢ (eigenvalues of the T × T snapshot Gram matrix / (T − 1))"),
    FENG_TU_FLATNESS("fengTu.flatness", "weight", NEITHER, NONE, "Fᵢ, the width of the interval around s = 0 where L(w̄ + s pᵢ) < e·L₀ (bracketing and bisection, full training set)"),
    FENG_TU_NOISE("fengTu.noiseVariance", "nats²", NEITHER, NONE, "pᵢᵀCpᵢ, the per-sample gradient variance along pᵢ at w̄ (one SGD step's noise is this × the step factor)"),
    FENG_TU_FIT_INTERCEPT("fengTu.fitIntercept", "", NEITHER, NONE, "c of log σ²ᵢ = c − ψ log Fᵢ (p₁ excluded)"),
    FENG_TU_FIT_R2("fengTu.fitR2", "", NEITHER, NONE, "R² of that fit"),
    FENG_TU_FIT_POINTS("fengTu.fitPoints", "directions", NEITHER, NONE, "directions in the fit: p₂ … pₖ whose flatness was bracketed"),
    FENG_TU_NOISE_SLOPE("fengTu.noiseFlatnessSlope", "", NEITHER, DIRECTIONS,
            "slope of log pᵢᵀCpᵢ on log Fᵢ (p₁ excluded)"),
    FENG_TU_EIGEN_VALUES("fengTu.eigen.lambda", "nats/weight²", NEITHER, NONE,
            "λⱼ, the top eigenvalues of the central block's Hessian P H P at w̄ over the full training set (Lanczos in the block's 2,500 coordinates), converged and positive, largest first"),
    FENG_TU_EIGEN_NON_POSITIVE("fengTu.eigen.nonPositive", "pairs", NEITHER, NONE, "pairs among the top k with λ ≤ 0, left out"),
    FENG_TU_EIGEN_UNCONVERGED("fengTu.eigen.unconverged", "pairs", NEITHER, NONE, "pairs among the top k whose Lanczos residual missed 1e-2·λ₁, left out"),
    FENG_TU_EIGEN_RELATIVE_RESIDUAL("fengTu.eigen.relativeResidual", "", NEITHER, NONE,
            "‖P H P vⱼ − λⱼvⱼ‖/λⱼ of each kept pair: its relative accuracy (the control leaves out pairs above 0.05)"),
    FENG_TU_EIGEN_INACCURATE("fengTu.eigen.inaccurate", "pairs", NEITHER, NONE,
            "kept pairs with ‖P H P vⱼ − λⱼvⱼ‖ > 0.05·λⱼ (λⱼ uncertain, vⱼ may mix neighbours), left out of the control"),
    FENG_TU_EIGEN_PRODUCTS("fengTu.eigen.products", "products", NEITHER, NONE, "Hessian-vector products over the training set that Lanczos spent"),
    FENG_TU_EIGEN_FLATNESS("fengTu.eigen.flatness", "weight", NEITHER, NONE, "Fⱼ, the width where L(w̄ + s vⱼ) < e·L₀ along each eigenvector (+∞ when unbounded)"),
    FENG_TU_EIGEN_QUADRATIC_RATIO("fengTu.eigen.quadraticRatio", "", NEITHER, NONE, "Fⱼ²λⱼ/(8(e − 1)L₀): 1 where the profile along vⱼ is the quadratic L₀ + ½λⱼs²"),
    FENG_TU_EIGEN_SGD_SIGMA2("fengTu.eigen.sgdSigma2", "weight²", NEITHER, NONE, "the SGD window's variance along each eigenvector vⱼ (1/(T − 1))"),
    FENG_TU_LANGEVIN_DIRECTIONS("fengTu.langevin.directions", "", NEITHER, NONE,
            "j of each eigenvector vⱼ (1-based, into fengTu.eigen.lambda) the control analyses: those that equilibrate within its step budget, fastest first"),
    FENG_TU_LANGEVIN_FLATNESS("fengTu.langevin.flatness", "weight", NEITHER, NONE, "Fⱼ of the analysed eigenvectors"),
    FENG_TU_LANGEVIN_CURVATURE("fengTu.langevin.curvature", "nats/weight²", NEITHER, NONE, "λⱼ of the analysed eigenvectors"),
    FENG_TU_LANGEVIN_RELAXATION("fengTu.langevin.relaxationSteps", "steps", NEITHER, NONE, "τⱼ = 1/(ηλⱼ), the control's relaxation time along vⱼ"),
    FENG_TU_LANGEVIN_RAW_VARIANCE("fengTu.langevin.windowVariance", "weight²", NEITHER, NONE,
            "the control trajectory's sample variance over its window (about the window's mean) along each analysed vⱼ"),
    FENG_TU_LANGEVIN_WINDOW_FRACTION("fengTu.langevin.windowFraction", "", NEITHER, NONE,
            "the fraction of the stationary variance an AR(1) chain of relaxation time τⱼ shows about its window's mean (Equilibration.windowFraction)"),
    FENG_TU_LANGEVIN_VARIANCE("fengTu.langevin.variance", "weight²", NEITHER, NONE,
            "σ²ⱼ of the control along vⱼ: windowVariance / windowFraction, the values fitted against Fⱼ"),
    FENG_TU_LANGEVIN_EQUILIBRIUM_RATIO("fengTu.langevin.equilibriumRatio", "", NEITHER, NONE,
            "σ²ⱼ·λⱼ(2 − ηλⱼ)/(2T): 1 at equilibrium along an eigenvector of a quadratic"),
    FENG_TU_LANGEVIN_INTERCEPT("fengTu.langevin.fitIntercept", "", NEITHER, NONE, "intercept of the control's fit of log σ²ⱼ on log Fⱼ"),
    FENG_TU_LANGEVIN_TEMPERATURE("fengTu.langevin.temperature", "nats", NEITHER, NONE, "T of the block update θ_B ← θ_B − η∇_B L + √(2ηT)·ξ, ξ ~ N(0, I)"),
    FENG_TU_LANGEVIN_BURN_IN("fengTu.langevin.burnIn", "steps", NEITHER, NONE, "full-batch steps before the control's window (2 relaxation times of the slowest analysed direction)"),
    FENG_TU_LANGEVIN_STEPS("fengTu.langevin.steps", "steps", NEITHER, NONE, "full-batch GD steps of the control, burn-in and window"),
    FENG_TU_LANGEVIN_STEP_SECONDS("fengTu.langevin.secondsPerStep", "s", LOWER, NONE, "wall time per full-batch step of the control (snapshots included)"),
    FENG_TU_LANGEVIN_START_GRADIENT("fengTu.langevin.startGradient", "nats/weight", NEITHER, NONE,
            "|∇_B L(w̄)|, the block's gradient at the control's start: w̄ is not a stationary point under cross-entropy"),
    FENG_TU_LANGEVIN_DISPLACEMENT("fengTu.langevin.displacement", "σ", NEITHER, NONE,
            "(x_end − x_start)·vⱼ/σⱼ along each analysed eigenvector: a drift of many σ means the block moved instead of fluctuating"),
    FENG_TU_LANGEVIN_PCA_DIRECTIONS("fengTu.langevin.pca.directions", "", NEITHER, NONE,
            "i of each SGD principal direction pᵢ the secondary control row uses: those whose τᵢ = 1/(η pᵢᵀHpᵢ) is within the control's slowest"),
    FENG_TU_LANGEVIN_PCA_FLATNESS("fengTu.langevin.pca.flatness", "weight", NEITHER, NONE, "Fᵢ of those pᵢ (SGD's fengTu.flatness)"),
    FENG_TU_LANGEVIN_PCA_CURVATURE("fengTu.langevin.pca.curvature", "nats/weight²", NEITHER, NONE,
            "pᵢᵀHpᵢ at w̄, the second difference of L(w̄ + s pᵢ) at half the nearer flatness crossing"),
    FENG_TU_LANGEVIN_PCA_VARIANCE("fengTu.langevin.pca.variance", "weight²", NEITHER, NONE,
            "the control's variance along those pᵢ, corrected for the window mean with τᵢ"),
    FENG_TU_SWEEP_LEARNING_RATES("fengTu.sweep.learningRates", "", NEITHER, NONE, "η of each sweep run (standard and paper scale)"),
    FENG_TU_SWEEP_BATCHES("fengTu.sweep.batches", "samples", NEITHER, NONE, "B of each sweep run"),
    FENG_TU_SWEEP_PSI("fengTu.sweep.psi", "", NEITHER, DIRECTIONS, "ψ of each sweep run"),

    // yangTangTu: SGD on the product model's valley of minima (yang-tang-tu scenario)
    YTT_SAMPLES("yangTangTu.samples", "samples", NEITHER, NONE, "n, data samples (x_μ, y_μ, ζ_μ) of the product model ½(w₁w₂x − y)² + ½ζ(w₁² − w₂²)"),
    YTT_VALLEY_PRODUCT("yangTangTu.valleyProduct", "", NEITHER, NONE, "p* = mean(xy)/mean(x²): the valley of minima is w₁w₂ = p*"),
    YTT_FLATTEST_CURVATURE("yangTangTu.flattestCurvature", "", NEITHER, NONE, "λ_min = 2·mean(x²)·p*, the transverse curvature at the balanced point u = 0"),
    YTT_PLANTED_KAPPA("yangTangTu.plantedKappa", "", NEITHER, NONE, "the noise ratio Var(r x)/Var(ζ) on the valley that the ζ_μ were scaled for"),
    YTT_DENSITY_FLATNESS("yangTangTu.density.flatness", "", NEITHER, NONE, "F = 1/√λ at the centre of each valley bin with enough visits (the largest η's SGD runs)"),
    YTT_DENSITY("yangTangTu.density.density", "", NEITHER, NONE, "stationary density of the SGD runs at the largest η per unit length along the valley in those bins (sums to 1; states projected with u = ½ asinh((w₁² − w₂²)/2p*))"),
    YTT_DENSITY_INTERCEPT("yangTangTu.density.fitIntercept", "", NEITHER, NONE, "c of log density = c + α log F (the weighted fit at the largest η)"),
    YTT_DENSITY_RUNS("yangTangTu.density.runs", "runs", NEITHER, NONE, "independent SGD runs of the density measurement at the largest η"),
    YTT_DENSITY_STEPS("yangTangTu.density.steps", "steps", NEITHER, NONE, "steps per run at the largest η (the second half is sampled; (η₀/η)² times more at smaller η)"),
    YTT_DENSITY_ETAS("yangTangTu.density.learningRates", "", NEITHER, NONE, "η of the density measurements (the exponent is extrapolated to η → 0 over them)"),
    YTT_DENSITY_EXPONENTS("yangTangTu.density.exponents", "", NEITHER, RUNS, "α at each η: weighted least squares of log density per unit length on log F (weights 1/Var of the log count, from the spread over runs)"),
    YTT_DENSITY_CORRECTED_EXPONENTS("yangTangTu.density.correctedExponents", "", NEITHER, RUNS, "α₀ at each η from the finite-η form ln P = α₀ ln F + (κ/2) ln(2 − ηλ) + c [inference]: κ + 2 at every η if that form holds"),
    YTT_DENSITY_CORRECTED_CHI2("yangTangTu.density.correctedChi2PerDof", "", NEITHER, NONE, "χ²/dof of that finite-η fit at each η (≈ 1 when the form fits within the run-to-run noise)"),
    YTT_CONTROL_ETA("yangTangTu.control.learningRate", "", NEITHER, NONE, "η of the control: gradient descent plus noise Δ(n̂n̂ᵀ + t̂t̂ᵀ/κ) of constant magnitude (Yang–Tang–Tu's form)"),
    YTT_CONTROL_DELTA("yangTangTu.control.delta", "", NEITHER, NONE, "Δ, the control's noise variance across the valley (SGD's at the balanced point for B = 1)"),
    YTT_CONTROL_FLATNESS("yangTangTu.control.flatness", "", NEITHER, NONE, "F at the control's populated bins"),
    YTT_CONTROL_DENSITY("yangTangTu.control.density", "", NEITHER, NONE, "the control's stationary density per unit u (sums to 1)"),
    YTT_CONTROL_CHI2("yangTangTu.control.chi2PerDof", "", NEITHER, NONE, "χ²/dof of the control's fit in the finite-η form (its α₀ is the table's measured value)"),
    YTT_KAPPA_VALLEY("yangTangTu.kappaOnValley", "", NEITHER, NONE, "κ from the per-sample gradients at valley points (a check: exactly the planted value)"),
    YTT_CONVERGENCE_ETAS("yangTangTu.convergence.learningRates", "", NEITHER, NONE, "η of the convergence sweep"),
    YTT_CONVERGENCE_TIME_BY_ETA("yangTangTu.convergence.timeByLearningRate", "", LOWER, NONE, "median time t = η·steps from u = 1 to the flat region |u| ≤ 0.25 at each η (censored runs count as never arriving)"),
    YTT_CONVERGENCE_BATCHES("yangTangTu.convergence.batches", "samples", NEITHER, NONE, "B of the convergence sweep"),
    YTT_CONVERGENCE_TIME_BY_BATCH("yangTangTu.convergence.timeByBatch", "", LOWER, NONE, "median time t = η·steps to the flat region at each B"),
    YTT_CONVERGENCE_CENSORED("yangTangTu.convergence.censoredFraction", "fraction", LOWER, NONE, "largest fraction of runs of any setting still outside the flat region at the budget (the median is exact below ½)"),
    YTT_DIVERGENCE_ETAS("yangTangTu.divergence.learningRates", "", NEITHER, NONE, "η of the divergence sweep"),
    YTT_DIVERGED_FRACTION("yangTangTu.divergence.divergedFraction", "fraction", NEITHER, NONE, "fraction of runs from the flattest point at B = 4 that diverged within the step budget at each η"),
    YTT_DIVERGED_FRACTION_SHORT("yangTangTu.divergence.divergedFractionShortBudget", "fraction", NEITHER, NONE, "the same within a tenth of the budget: the boundary moves with the budget"),
    YTT_DIVERGENCE_BATCHES("yangTangTu.divergence.batches", "samples", NEITHER, NONE, "B of the critical-η sweep"),
    YTT_CRITICAL_ETA_BY_BATCH("yangTangTu.divergence.criticalEtaByBatch", "", NEITHER, RUNS, "η where half the runs diverge within the budget, at each B (approaches 2/λ_min as B grows)"),
    YTT_GD_STABILITY_LIMIT("yangTangTu.divergence.gdLimit", "", NEITHER, NONE, "2/λ_min: gradient descent without noise is stable at the flattest point below this η"),

    // xie: Xie, Sato & Sugiyama — noise against curvature for several B on a small net, escape times on a multi-well landscape (xie scenario)
    XIE_LAMBDA("xie.noise.lambda", "", NEITHER, NONE, "λ_k, the converged positive top Hessian eigenvalues on the curvature samples"),
    XIE_BATCHES("xie.noise.batches", "samples", NEITHER, NONE, "the mini-batch sizes B"),
    XIE_SIGMA2_B("xie.noise.sigma2TimesB", "", NEITHER, NONE, "σ²_k(B)·B per B (rows) and k (columns): the variance of the mini-batch mean gradient along v_k over M mini-batches, times B"),
    XIE_CURVATURE_SAMPLES("xie.noise.curvatureSamples", "samples", NEITHER, NONE, "training samples the Hessian is measured on"),
    XIE_NOISE_SAMPLES("xie.noise.noiseSamples", "samples", NEITHER, NONE, "n, per-sample gradients the mini-batches are drawn from (with replacement)"),
    XIE_MINI_BATCHES("xie.noise.miniBatches", "batches", NEITHER, NONE, "M, mini-batches drawn per B"),
    XIE_SLOPE_INTERCEPT("xie.noise.fitIntercept", "", NEITHER, NONE, "c of log(σ²_k(B)·B) = c + slope·log λ_k"),
    XIE_SPLIT_HALF_SAMPLES("xie.noise.splitHalfSamples", "samples", NEITHER, NONE, "sizes of the two disjoint halves of the curvature samples (absent when they are the whole training set)"),
    XIE_SPLIT_HALF_SLOPE("xie.noise.splitHalfSlope", "", NEITHER, NONE, "the log–log slope of s²_k on λ_k with each half's top eigenpairs (same noise samples)"),
    XIE_SPLIT_HALF_MAGNITUDE("xie.noise.splitHalfMagnitude", "", NEITHER, NONE, "the median s²_k/λ_k with each half's top eigenpairs"),
    XIE_SPLIT_HALF_MOVED("xie.noise.splitHalfMoved", "", NEITHER, NONE, "which of slope and magnitude differ between the halves by more than their full-data interval is wide"),
    XIE_SPLIT_HALF_SHIFT("xie.noise.splitHalfShift", "", NEITHER, NONE, "mean of the two halves' values minus the full-data value, slope then magnitude (a small-sample bias of the eigenpairs)"),
    XIE_SPLIT_HALF_BIASED("xie.noise.splitHalfBiased", "", NEITHER, NONE, "which of slope and magnitude shift (mean of halves − full) by more than their interval's half-width"),
    XIE_ESCAPE_ETA("xie.escape.learningRate", "", NEITHER, NONE, "η₀ of the escape runs: ηλ = 0.1 at the shallow minimum of the steepest landscape (the diffusion limit)"),
    XIE_ESCAPE_BATCHES("xie.escape.batches", "samples", NEITHER, NONE, "B of the escape sweep over B/η (at η₀)"),
    XIE_ESCAPE_B_OVER_ETA("xie.escape.batchOverEta", "", NEITHER, NONE, "B/η of each setting of the B sweep"),
    XIE_ESCAPE_SGD_TAU_BY_B("xie.escape.sgdTimeByBatch", "", NEITHER, NONE, "SGD's mean escape time τ in t = η·steps at each B/η (censored exponential mean)"),
    XIE_ESCAPE_WHITE_TAU_BY_B("xie.escape.whiteTimeByBatch", "", NEITHER, NONE, "τ of gradient descent plus white noise of variance C₀₀/B (SGD's at the minimum) at each B/η"),
    XIE_ESCAPE_ETA_SWEEP_B_OVER_ETA("xie.escape.etaSweepBatchOverEta", "", NEITHER, NONE, "B/η of the η sweep at fixed B"),
    XIE_ESCAPE_SGD_TAU_BY_ETA("xie.escape.sgdTimeByEta", "", NEITHER, NONE, "SGD's τ (t = η·steps) in the η sweep at fixed B"),
    XIE_ESCAPE_INVERSE_CURVATURE("xie.escape.inverseCurvature", "", NEITHER, NONE, "λ₁/λ of SGD's curvature sweep (λ at the shallow minimum, λ₁ the steepest)"),
    XIE_ESCAPE_SGD_TAU_BY_CURVATURE("xie.escape.sgdTimeByCurvature", "", NEITHER, NONE, "SGD's τ (t = η·steps) at each curvature"),
    XIE_ESCAPE_WHITE_INVERSE_CURVATURE("xie.escape.whiteInverseCurvature", "", NEITHER, NONE, "λ₁/λ of the white noise's curvature sweep (a wider range: its barrier stays at 6 T)"),
    XIE_ESCAPE_WHITE_TAU_BY_CURVATURE("xie.escape.whiteTimeByCurvature", "", NEITHER, NONE, "white noise's τ (fixed temperature) at each curvature"),
    XIE_ESCAPE_WHITE_EXACT_TAU("xie.escape.whiteExactTime", "", NEITHER, NONE, "the exact 1-D first-passage time of each white-noise curvature setting (the check of the simulation)"),
    XIE_ESCAPE_SGD_EXACT_TAU("xie.escape.sgdItoTime", "", NEITHER, NONE, "the 1-D Itô first-passage time with SGD's own noise ηC(x)/(2B) of each SGD curvature setting (its continuous limit)"),
    XIE_ESCAPE_BARRIER("xie.escape.barrier", "", NEITHER, NONE, "ΔL, the mean loss's barrier height above the shallow minimum (the same at every curvature)"),
    XIE_ESCAPE_RUNS("xie.escape.runs", "runs", NEITHER, NONE, "independent runs per setting"),
    XIE_ESCAPE_CENSORED("xie.escape.censoredFraction", "fraction", LOWER, NONE, "largest fraction of any setting's runs still in the basin at its budget (15 times its expected time, capped)"),
    XIE_ESCAPE_SGD_LOG_COEFFICIENT("xie.escape.sgdLogCoefficient", "", NEITHER, RUNS, "c of SGD's fit ln τ = a + b·λ₁/λ + c·ln(λ₁/λ) (Kramers' prefactor: 1)"),
    XIE_ESCAPE_WHITE_LOG_COEFFICIENT("xie.escape.whiteLogCoefficient", "", NEITHER, RUNS, "c of the white noise's fit (1 [inference])"),
    XIE_NET_ETA("xie.net.learningRate", "", NEITHER, NONE, "η₀ of the network escape runs: ηλ_max = 0.1 at the small-weight minimum at input scale 1"),
    XIE_NET_BARRIER("xie.net.barrier", "", NEITHER, NONE, "the lowest rim saddle's loss above the network's small-weight minimum (the same at every input scale)"),
    XIE_NET_SADDLES("xie.net.saddles", "saddles", NEITHER, NONE, "index-1 saddles found on the minimum's rim; a run has escaped once past any one's dividing hyperplane"),
    XIE_NET_TOP_CURVATURE("xie.net.topCurvature", "", NEITHER, NONE, "λ_max of the Hessian at the minimum, input scale 1"),
    XIE_NET_ESCAPE_CURVATURE("xie.net.escapeCurvature", "", NEITHER, NONE, "λ_e = eᵀHe at the minimum along e, the unit vector to the lowest saddle, input scale 1"),
    XIE_NET_NOISE_OVER_CURVATURE("xie.net.noiseOverCurvature", "", NEITHER, NONE, "C_ee/λ_e at the minimum: per-sample gradient variance along e over the curvature (C ≈ H gives 1)"),
    XIE_NET_SADDLE_NOISE_OVER_CURVATURE("xie.net.saddleNoiseOverCurvature", "", NEITHER, NONE, "uᵀCu/|λ_b| at the lowest saddle along its unstable direction u (0 would leave SGD no noise to cross it)"),
    XIE_NET_RUNS("xie.net.runs", "runs", NEITHER, NONE, "independent runs per network setting"),
    XIE_NET_CENSORED("xie.net.censoredFraction", "fraction", LOWER, NONE, "largest fraction of any network setting's runs still in the basin at its budget (15 times its expected time, capped)"),
    XIE_NET_UNDETECTED_ESCAPES("xie.net.undetectedEscapes", "runs", LOWER, NONE, "censored single-neuron runs (all settings) that gradient descent plus Newton takes to another minimum: escapes through a rim saddle the search missed (rows flagged when > 0)"),
    XIE_NET_B_OVER_ETA("xie.net.batchOverEta", "", NEITHER, NONE, "B/η of each setting of the network's B sweep (at η₀)"),
    XIE_NET_SGD_TAU_BY_B("xie.net.sgdTimeByBatch", "", NEITHER, NONE, "SGD's mean escape time τ (t = η·steps, censored exponential mean) from the network's minimum at each B/η"),
    XIE_NET_SGD_TAU_BY_B_CI("xie.net.sgdTimeByBatchCi95", "", NEITHER, NONE, "95% interval of each τ of sgdTimeByBatch (bootstrap over runs), one [low, high] per setting"),
    XIE_NET_WHITE_TAU_BY_B("xie.net.whiteTimeByBatch", "", NEITHER, NONE, "τ of gradient descent plus isotropic white noise of variance tr(C)/(dB) per coordinate (SGD's mean variance at the minimum) at each B/η"),
    XIE_NET_WHITE_TAU_BY_B_CI("xie.net.whiteTimeByBatchCi95", "", NEITHER, NONE, "95% interval of each τ of whiteTimeByBatch (bootstrap over runs)"),
    XIE_NET_ETA_SWEEP_B_OVER_ETA("xie.net.etaSweepBatchOverEta", "", NEITHER, NONE, "B/η of the network's η sweep at fixed B"),
    XIE_NET_SGD_TAU_BY_ETA("xie.net.sgdTimeByEta", "", NEITHER, NONE, "SGD's τ (t = η·steps) in the network's η sweep"),
    XIE_NET_SGD_TAU_BY_ETA_CI("xie.net.sgdTimeByEtaCi95", "", NEITHER, NONE, "95% interval of each τ of sgdTimeByEta (bootstrap over runs)"),
    XIE_NET_INVERSE_CURVATURE("xie.net.inverseCurvature", "", NEITHER, NONE, "λ₁/λ = 1/s² of SGD's curvature sweep on the network (s the input scale)"),
    XIE_NET_SGD_TAU_BY_CURVATURE("xie.net.sgdTimeByCurvature", "", NEITHER, NONE, "SGD's τ (t = η·steps) at each curvature of the network"),
    XIE_NET_SGD_TAU_BY_CURVATURE_CI("xie.net.sgdTimeByCurvatureCi95", "", NEITHER, NONE, "95% interval of each τ of sgdTimeByCurvature (bootstrap over runs)"),
    XIE_NET_WHITE_INVERSE_CURVATURE("xie.net.whiteInverseCurvature", "", NEITHER, NONE, "λ₁/λ of the white noise's curvature sweep on the network (a wider range)"),
    XIE_NET_WHITE_TAU_BY_CURVATURE("xie.net.whiteTimeByCurvature", "", NEITHER, NONE, "white noise's τ (one fixed temperature) at each curvature of the network"),
    XIE_NET_WHITE_TAU_BY_CURVATURE_CI("xie.net.whiteTimeByCurvatureCi95", "", NEITHER, NONE, "95% interval of each τ of whiteTimeByCurvature (bootstrap over runs)"),
    XIE_NET_WHITE_KRAMERS_TAU("xie.net.whiteKramersTime", "", NEITHER, NONE, "Kramers–Langer's time to a rim saddle's dividing surface at each white-noise setting (all rim saddles' rates summed)"),
    XIE_NET_WHITE_TEMPERATURE("xie.net.whiteTemperature", "", NEITHER, NONE, "T of the white-noise curvature sweep: η₀·tr(C)/(2dB) at input scale 1, B = 1"),
    XIE_NET_SGD_LOG_COEFFICIENT("xie.net.sgdLogCoefficient", "", NEITHER, RUNS, "c of SGD's free-c fit ln τ = a + b·λ₁/λ + c·ln(λ₁/λ) on the single neuron (1 exactly: a check, loosely identified)"),
    XIE_NET_WHITE_LOG_COEFFICIENT("xie.net.whiteLogCoefficient", "", NEITHER, RUNS, "c of the white noise's fit on the network (1 in continuous time)"),

    // jamming: Geiger et al.'s jamming transition — width sweeps of hinge-loss ReLU nets at fixed P (jamming scenario)
    JAMMING_PATTERNS("jamming.patterns", "patterns", NEITHER, NONE, "P, the Gaussian patterns of each width sweep"),
    JAMMING_REAL_PATTERNS("jamming.realPatterns", "patterns", NEITHER, NONE, "P of the real data's sweeps (its parity on the first d principal components)"),
    JAMMING_INPUTS("jamming.inputs", "", NEITHER, NONE, "d, the input dimension: of the Gaussian patterns and the number of principal components of the real data"),
    JAMMING_DEPTHS("jamming.depths", "", NEITHER, NONE, "hidden-layer counts L of the Gaussian sweeps (the real data's sweep uses the first)"),
    JAMMING_SEEDS("jamming.seeds", "", NEITHER, NONE, "seeds per depth: each a pattern set and the nets' initialisations"),
    JAMMING_WINDOW("jamming.window", "steps", NEITHER, NONE, "steps per plateau check of the training: a window that lowers the best loss by less than 0.1% halves Adam's η"),
    JAMMING_MAX_STEPS("jamming.maxSteps", "steps", NEITHER, NONE, "step budget per net"),
    JAMMING_MIN_LEARNING_RATE("jamming.minLearningRate", "", NEITHER, NONE, "η below which a stalled net counts as converged to a minimum with L > 0 (η₀/1024)"),
    JAMMING_P_OVER_N_STAR_BY_DEPTH("jamming.pOverNStarByDepth", "", NEITHER, RUNS, "P/N* at each depth of jamming.depths, mean over its seeds (bootstrap over seeds)"),
    JAMMING_P_OVER_N_NON_DEGENERATE_BY_DEPTH("jamming.pOverNStarNonDegenerateByDepth", "", NEITHER, RUNS, "P/N* at each depth with N* the first jammed net whose H₀ is not degenerate (bootstrap over seeds)"),
    JAMMING_BRACKETED_NON_DEGENERATE("jamming.bracketedSweepsNonDegenerate", "sweeps", NEITHER, NONE, "Gaussian sweeps whose first non-degenerate jammed net has an unjammed one before it"),
    JAMMING_BRACKETED("jamming.bracketedSweeps", "sweeps", NEITHER, NONE, "Gaussian sweeps whose transition lies inside the sweep (an unjammed net before the first jammed one)"),
    JAMMING_UNCONVERGED("jamming.unconvergedNets", "nets", LOWER, NONE, "nets stopped by the step budget (or a non-finite loss) before reaching N_Δ = 0 or a stalled minimum"),
    JAMMING_MAX_UNSETTLED("jamming.maxUnsettledFraction", "fraction", LOWER, NONE, "largest fraction (of N) of patterns whose |Δ| is below how far the gaps moved over the last window, on any net"),
    JAMMING_THETA_POINTS("jamming.thetaPoints", "points", NEITHER, NONE, "positive gaps fitted for θ (pooled over the nets at N*; those at or below their net's end resolution are censored, not fitted)"),
    JAMMING_GAMMA_POINTS("jamming.gammaPoints", "points", NEITHER, NONE, "negative gaps fitted for γ (pooled over the nets at N*; those at or below their net's end resolution are censored, not fitted)"),
    JAMMING_H0_MIN_GAP("jamming.h0MinGap", "", NEITHER, NONE, "smallest ratio, over the jammed nets, of the smallest counted singular value of the ∇f matrix to the largest one left out"),
    JAMMING_SECONDS_PER_UNIT("jamming.secondsPerStepPerPatternParameter", "s", LOWER, NONE, "training wall time per Adam step per pattern per parameter (prices the paper preset)"),
    JAMMING_NET_DATA("jamming.nets.data", "", NEITHER, NONE, "per net: 0 Gaussian patterns, 1 the real data's parity"),
    JAMMING_NET_DEPTH("jamming.nets.depth", "", NEITHER, NONE, "per net: hidden layers L"),
    JAMMING_NET_SEED("jamming.nets.seed", "", NEITHER, NONE, "per net: seed index (pattern set and initialisation)"),
    JAMMING_NET_WIDTH("jamming.nets.width", "", NEITHER, NONE, "per net: hidden width h"),
    JAMMING_NET_PARAMETERS("jamming.nets.parameters", "", NEITHER, NONE, "per net: N, weights and biases"),
    JAMMING_NET_P_OVER_N("jamming.nets.pOverN", "", NEITHER, NONE, "per net: P/N"),
    JAMMING_NET_UNSATISFIED("jamming.nets.unsatisfied", "patterns", NEITHER, NONE, "per net: N_Δ, patterns with Δ = 1 − y f > 1e-9 at the end of training"),
    JAMMING_NET_FRACTION("jamming.nets.unsatisfiedOverN", "", NEITHER, NONE, "per net: N_Δ/N"),
    JAMMING_NET_LOSS("jamming.nets.loss", "", LOWER, NONE, "per net: the final hinge loss (1/P) Σ ½ max(0, Δ)²"),
    JAMMING_NET_STEPS("jamming.nets.steps", "steps", NEITHER, NONE, "per net: Adam steps taken"),
    JAMMING_NET_CONVERGED("jamming.nets.converged", "", NEITHER, NONE, "per net: 1 when it reached N_Δ = 0 or a stalled minimum, 0 at the step budget"),
    JAMMING_NET_RESOLUTION("jamming.nets.gapResolution", "", NEITHER, NONE, "per net: max |Δ(end) − Δ(end − window)| (0 when satisfied, −1 before a first window)"),
    JAMMING_NET_UNSETTLED("jamming.nets.unsettled", "patterns", LOWER, NONE, "per net: patterns with |Δ| at most that resolution"),
    JAMMING_NET_RANK("jamming.nets.rankH0", "", NEITHER, NONE, "per net: rank of H₀ = (1/P) Σ_{Δ>0} ∇f∇fᵀ (0 when N_Δ = 0)"),
    JAMMING_NET_EXPECTED_RANK("jamming.nets.expectedRankH0", "", NEITHER, NONE, "per net: min(N_Δ, N − hidden units), the rank H₀ reaches when nothing else is degenerate"),
    JAMMING_NET_SECONDS("jamming.nets.seconds", "s", LOWER, NONE, "per net: wall time of training and H₀"),
    JAMMING_POSITIVE_GAPS("jamming.gaps.positive", "", NEITHER, NONE, "positive gaps of the nets at N* (each net's scaled by their RMS), sorted, at most 200 of them"),
    JAMMING_POSITIVE_CDF("jamming.gaps.positiveCdf", "fraction", NEITHER, NONE, "their empirical cumulative distribution (mid-point rule)"),
    JAMMING_NEGATIVE_GAPS("jamming.gaps.negative", "", NEITHER, NONE, "|Δ| of the negative gaps of the nets at N*, sorted, at most 200 of them"),
    JAMMING_NEGATIVE_CDF("jamming.gaps.negativeCdf", "fraction", NEITHER, NONE, "their empirical cumulative distribution"),
    // entropySgd: Chaudhari et al.'s Entropy-SGD — the near-zero Hessian spectrum at a minimum, and Entropy-SGD against SGD (entropy-sgd scenario)
    ESGD_SPECTRUM_MODEL("entropySgd.spectrum.model", "", NEITHER, NONE, "the model whose Hessian is measured (--model; cnn-small is the paper's 47,658-weight CNN)"),
    ESGD_SPECTRUM_PARAMETERS("entropySgd.spectrum.parameters", "parameters", NEITHER, NONE, "P, the model's weights: the eigenvalues counted"),
    ESGD_SPECTRUM_TRAINING_LOSS("entropySgd.spectrum.trainingLoss", "nats", LOWER, NONE, "mean loss over the whole training set where the Hessian is measured"),
    ESGD_SPECTRUM_TRAINING_ERROR("entropySgd.spectrum.trainingError", "fraction", LOWER, NONE, "error over the whole training set there: how close to a minimum"),
    ESGD_SPECTRUM_THRESHOLDS("entropySgd.spectrum.thresholds", "nats", NEITHER, NONE, "the t of the counts |λ| < t (the paper's is 1e-4)"),
    ESGD_SPECTRUM_FRACTION("entropySgd.spectrum.nearZeroFraction", "fraction", NEITHER, SLQ_PROBES,
            "per t, SLQ's quadrature weight at nodes |θ| < t, averaged over the probes: the fraction of the float64 Hessian's eigenvalues with "
                    + "|λ| < t where the quadrature bracket is narrow, only where the nodes fell where it is wide; interval over the probes alone"),
    ESGD_SPECTRUM_BRACKET_LOW("entropySgd.spectrum.quadratureBracketLow", "fraction", NEITHER, NONE,
            "per t, the Chebyshev–Markov–Stieltjes lower bound of each probe's spectral mass in [−t, t], averaged over the probes: what the nodes resolve"),
    ESGD_SPECTRUM_BRACKET_HIGH("entropySgd.spectrum.quadratureBracketHigh", "fraction", NEITHER, NONE, "the upper bound (a wide bracket: t is below the quadrature's resolution)"),
    ESGD_SPECTRUM_NEAREST_NODE("entropySgd.spectrum.nearestNode", "nats", NEITHER, NONE, "per SLQ run, the quadrature node closest to zero"),
    ESGD_SPECTRUM_NEAREST_WEIGHT("entropySgd.spectrum.nearestWeight", "fraction", NEITHER, NONE, "per SLQ run, that node's weight: the spectral mass it stands for"),
    ESGD_SPECTRUM_NODE_SPACING("entropySgd.spectrum.nodeSpacing", "nats", NEITHER, NONE,
            "per SLQ run, half the distance between the nodes either side of that node: the width within which the quadrature cannot place mass"),
    ESGD_SPECTRUM_GGN_ZERO_BOUND("entropySgd.spectrum.ggnZeroBound", "fraction", NEITHER, NONE,
            "max(0, 1 − N(C−1)/P): the least fraction of exactly zero eigenvalues of the Gauss–Newton part on N curvature samples of C classes (rank ≤ N(C−1))"),
    ESGD_COMPARE_MODEL("entropySgd.compare.model", "", NEITHER, NONE, "the model Entropy-SGD and SGD train (--compare-model; lenet by default)"),
    ESGD_COMPARE_SEEDS("entropySgd.compare.seeds", "seeds", NEITHER, NONE, "initial weights (with their batch orders) each optimizer trains from"),
    ESGD_COMPARE_TRAIN_SAMPLES("entropySgd.compare.trainSamples", "samples", NEITHER, NONE, "N, the training samples; one effective epoch is N/B gradient evaluations"),
    ESGD_COMPARE_TEST_SAMPLES("entropySgd.compare.testSamples", "samples", NEITHER, NONE, "held-out samples the test error is counted on (training samples when the data set has none)"),
    ESGD_COMPARE_BATCH("entropySgd.compare.batch", "samples", NEITHER, NONE, "B of every mini-batch gradient, inner steps included"),
    ESGD_COMPARE_SGD_LR("entropySgd.compare.sgdLearningRate", "", NEITHER, NONE, "SGD's η (--lr, with --momentum)"),
    ESGD_COMPARE_ENTROPY_LR("entropySgd.compare.entropySgdLearningRate", "", NEITHER, NONE, "Entropy-SGD's outer step η (--esgd-lr)"),
    ESGD_COMPARE_RULE("entropySgd.compare.rule", "", NEITHER, NONE, "Entropy-SGD's constants as --optimizer writes them (L, inner lr, noise, γ₀, γ₁, α)"),
    ESGD_COMPARE_BUDGET("entropySgd.compare.budget", "epochs", NEITHER, NONE, "the effective epochs each optimizer got: the matched budget of the table"),
    ESGD_COMPARE_EPOCHS("entropySgd.compare.sgdEpochs", "epochs", NEITHER, NONE, "SGD's effective epochs (gradient evaluations × B / N) at each test-error evaluation"),
    ESGD_COMPARE_ENTROPY_EPOCHS("entropySgd.compare.entropySgdEpochs", "epochs", NEITHER, NONE, "Entropy-SGD's effective epochs at each evaluation (L evaluations per step)"),
    ESGD_COMPARE_SGD_ERROR("entropySgd.compare.sgdTestError", "fraction", LOWER, SEEDS_AND_TEST_SAMPLES, "SGD's test error at each evaluation, mean over the seeds"),
    ESGD_COMPARE_ENTROPY_ERROR("entropySgd.compare.entropySgdTestError", "fraction", LOWER, SEEDS_AND_TEST_SAMPLES,
            "Entropy-SGD's test error at each evaluation, mean over the seeds"),
    ESGD_COMPARE_DIVERGED("entropySgd.compare.divergedRuns", "runs", LOWER, NONE, "runs of either optimizer that diverged (their later test errors are missing)"),
    // localEnergy: Baldassi, Pittorino & Zecchina — local energy of minima found by different protocols (local-energy scenario)
    LOCAL_ENERGY_PROTOCOLS("localEnergy.protocols", "", NEITHER, NONE, "the protocols, in the order of the curves' rows and of minima.protocol"),
    LOCAL_ENERGY_SIGMAS("localEnergy.sigmas", "", NEITHER, NONE, "σ of the multiplicative perturbation w ⊙ (1 + σz), z ~ N(0, I)"),
    LOCAL_ENERGY_FIXED_SIGMA("localEnergy.fixedSigma", "", NEITHER, NONE, "the σ of the rank correlations and the table's differences (fixed in advance)"),
    LOCAL_ENERGY_DRAWS("localEnergy.draws", "draws", NEITHER, NONE, "D, draws z per minimum, the same z_d at every σ and for every minimum (common random numbers)"),
    LOCAL_ENERGY_SEEDS("localEnergy.minimaPerProtocol", "minima", NEITHER, NONE, "seeds per protocol; seed s gives every protocol the same initial weights and batch order"),
    LOCAL_ENERGY_TRAIN_SAMPLES("localEnergy.trainSamples", "samples", NEITHER, NONE, "training samples: the protocols train on them and E_train is measured on all of them"),
    LOCAL_ENERGY_NORM_SHRINK("localEnergy.normShrink", "", NEITHER, NONE, "the weight-norm reduction protocol's total shrink: after epoch e = 1 … E − 1 of E the weights are multiplied by exp(−ρe/E), Σ of the rates = ln of this"),
    LOCAL_ENERGY_ERROR_CURVES("localEnergy.errorCurves", "fraction", NEITHER, NONE, "δE(σ) in training error per protocol (rows) and σ (columns): the mean over the protocol's seeds and the draws"),
    LOCAL_ENERGY_ERROR_LOWER("localEnergy.errorCurvesLower", "fraction", NEITHER, NONE, "lower end of each curve point's 95% bootstrap interval (seeds and draws resampled)"),
    LOCAL_ENERGY_ERROR_UPPER("localEnergy.errorCurvesUpper", "fraction", NEITHER, NONE, "upper end of that interval"),
    LOCAL_ENERGY_CE_CURVES("localEnergy.crossEntropyCurves", "nats", NEITHER, NONE, "δE(σ) in the training set's softmax cross-entropy of the outputs (every protocol, whatever its training loss), protocols × σ"),
    LOCAL_ENERGY_CE_LOWER("localEnergy.crossEntropyCurvesLower", "nats", NEITHER, NONE, "lower end of each cross-entropy curve point's 95% bootstrap interval"),
    LOCAL_ENERGY_CE_UPPER("localEnergy.crossEntropyCurvesUpper", "nats", NEITHER, NONE, "upper end of that interval"),
    LOCAL_ENERGY_ORDERING("localEnergy.ordering", "", NEITHER, NONE, "per σ the protocols from flattest to sharpest (training error) and whether each step is resolved: its 95% interval excludes 0"),
    LOCAL_ENERGY_MINIMA_PROTOCOL("localEnergy.minima.protocol", "", NEITHER, NONE, "each minimum's protocol (index into protocols)"),
    LOCAL_ENERGY_MINIMA_SEED("localEnergy.minima.seed", "", NEITHER, NONE, "each minimum's seed index"),
    LOCAL_ENERGY_MINIMA_STEPS("localEnergy.minima.steps", "steps", NEITHER, NONE, "each minimum's training steps (Entropy-SGD's outer steps)"),
    LOCAL_ENERGY_MINIMA_GRADIENTS("localEnergy.minima.gradientEvaluations", "gradients", NEITHER, NONE, "each minimum's mini-batch gradient evaluations (Entropy-SGD: L per step)"),
    LOCAL_ENERGY_MINIMA_EPOCHS("localEnergy.minima.epochs", "epochs", NEITHER, NONE, "each minimum's effective epochs: gradient evaluations × batch / training samples"),
    LOCAL_ENERGY_MINIMA_OWN_LOSS("localEnergy.minima.ownLoss", "", LOWER, NONE, "each minimum's training loss in the loss it trained with (nats for cross-entropy)"),
    LOCAL_ENERGY_MINIMA_TRAIN_ERROR("localEnergy.minima.trainError", "fraction", LOWER, NONE, "each minimum's training error E_train(w)"),
    LOCAL_ENERGY_MINIMA_TRAIN_CE("localEnergy.minima.trainCrossEntropy", "nats", LOWER, NONE, "each minimum's training cross-entropy of its outputs"),
    LOCAL_ENERGY_MINIMA_TEST_ERROR("localEnergy.minima.testError", "fraction", LOWER, NONE, "each minimum's error on the held-out samples (the training set when there are none)"),
    LOCAL_ENERGY_MINIMA_NORM("localEnergy.minima.weightNorm", "", NEITHER, NONE, "each minimum's ‖w‖ over every parameter"),
    LOCAL_ENERGY_MINIMA_LAMBDA("localEnergy.minima.topEigenvalue", "nats", NEITHER, NONE, "each minimum's top eigenvalue of the training cross-entropy's Hessian (Lanczos on the whole training set; absent where it did not converge)"),
    LOCAL_ENERGY_MINIMA_AT_FIXED("localEnergy.minima.deltaEAtFixedSigma", "fraction", NEITHER, NONE, "each minimum's δE in training error at the fixed σ (mean over the draws)"),
    LOCAL_ENERGY_MINIMA_AT_FIXED_SE("localEnergy.minima.deltaEAtFixedSigmaStandardError", "fraction", NEITHER, NONE, "its standard error over the draws"),

    // reproduction: one row per published quantity ({@link Reproduction}), measured beside published with its evidence tag
    REPRODUCTION_FENG_TU_PSI("reproduction.fengTuPsi", "", NEITHER, REPRODUCTION,
            "Feng & Tu's ψ: minus the least-squares slope of log σ²ᵢ on log Fᵢ over the SGD trajectory's principal directions, p₁ excluded"),
    REPRODUCTION_FENG_TU_PSI_RMA("reproduction.fengTuPsiRma", "", NEITHER, REPRODUCTION,
            "ψ from the reduced-major-axis slope −sign(r)·s(log σ²)/s(log F) over the same directions: symmetric in σ² and F, which both scatter"),
    REPRODUCTION_FENG_TU_EIGEN_PSI("reproduction.fengTuEigenPsi", "", NEITHER, REPRODUCTION,
            "minus the least-squares slope of the SGD window's log variance along the central block's Hessian eigenvectors vⱼ on log Fⱼ along them"),
    REPRODUCTION_FENG_TU_FLATNESS_CURVATURE("reproduction.fengTuFlatnessCurvatureExponent", "", NEITHER, REPRODUCTION,
            "slope of log Fⱼ on log λⱼ along the eigenvectors: −1/2 where the profiles are quadratic"),
    REPRODUCTION_FENG_TU_LANGEVIN_EXPONENT("reproduction.fengTuLangevinExponent", "", NEITHER, REPRODUCTION,
            "slope of log σ²ⱼ on log Fⱼ (not negated) for the control, full-batch GD plus isotropic Langevin noise on the central block alone from w̄, along the block Hessian's eigenvectors that equilibrate within the window"),
    REPRODUCTION_FENG_TU_LANGEVIN_PCA_EXPONENT("reproduction.fengTuLangevinPcaExponent", "", NEITHER, REPRODUCTION,
            "secondary: the same control's slope along SGD's principal directions pᵢ (not eigenvectors: along them equilibrium gives T·pᵀH⁻¹p ≥ T/(pᵀHp))"),
    REPRODUCTION_YTT_KAPPA("reproduction.yangTangTuKappa", "", NEITHER, REPRODUCTION,
            "κ, the SGD noise variance across the valley over that along it, at stationary states"),
    REPRODUCTION_YTT_DENSITY_EXPONENT("reproduction.yangTangTuDensityExponent", "", NEITHER, REPRODUCTION,
            "α of SGD's stationary density along the valley ∝ F^α per unit length, extrapolated to η → 0 (weighted least squares at each η)"),
    REPRODUCTION_YTT_DENSITY_MODEL_EXPONENT("reproduction.yangTangTuDensityModelExponent", "", NEITHER, REPRODUCTION,
            "the SGD density exponent per unit length extrapolated to η → 0, beside this model's own prediction κ + 2"),
    REPRODUCTION_YTT_CONTROL_EXPONENT("reproduction.yangTangTuControlExponent", "", NEITHER, REPRODUCTION,
            "α₀ of the density per unit u (finite-η form) for gradient descent plus noise of Yang–Tang–Tu's form (Δ across, Δ/κ along, whatever λ)"),
    REPRODUCTION_YTT_CONVERGENCE_ETA_SLOPE("reproduction.yangTangTuConvergenceEtaSlope", "", NEITHER, REPRODUCTION,
            "log–log slope of the median time t = η·steps to the flat region on η"),
    REPRODUCTION_YTT_CONVERGENCE_BATCH_SLOPE("reproduction.yangTangTuConvergenceBatchSlope", "", NEITHER, REPRODUCTION,
            "log–log slope of the median time t = η·steps to the flat region on B"),
    REPRODUCTION_YTT_CRITICAL_ETA("reproduction.yangTangTuCriticalEta", "", NEITHER, REPRODUCTION,
            "the learning rate beyond which most SGD runs diverge"),
    REPRODUCTION_XIE_SIGMA2_LAMBDA_SLOPE("reproduction.xieSigma2LambdaSlope", "", NEITHER, REPRODUCTION,
            "log–log slope of σ²_k(B)·B on λ_k near a minimum (C ≈ H/B gives 1)"),
    REPRODUCTION_XIE_MAGNITUDE("reproduction.xieMagnitude", "", NEITHER, REPRODUCTION,
            "median over k of s²_k/λ_k: the per-sample gradient variance along v_k over its eigenvalue (C = H/B in magnitude gives 1)"),
    REPRODUCTION_XIE_ESCAPE_SGD_B_SLOPE("reproduction.xieEscapeSgdBatchSlope", "", NEITHER, REPRODUCTION,
            "slope of SGD's ln τ (t = η·steps) on B/η on the multi-well landscape, B swept at η₀ (weighted by escapes)"),
    REPRODUCTION_XIE_ESCAPE_SGD_CURVATURE_SLOPE("reproduction.xieEscapeSgdCurvatureSlope", "", NEITHER, REPRODUCTION,
            "b of SGD's weighted fit ln τ = a + b·λ₁/λ + c·ln(λ₁/λ) over the curvature of the escape direction"),
    REPRODUCTION_XIE_ESCAPE_WHITE_CURVATURE_SLOPE("reproduction.xieEscapeWhiteCurvatureSlope", "", NEITHER, REPRODUCTION,
            "b of the same fit for gradient descent plus white noise of fixed temperature (0 when τ is only polynomial in λ)"),
    REPRODUCTION_XIE_NET_ESCAPE_SGD_B_SLOPE("reproduction.xieNetEscapeSgdBatchSlope", "", NEITHER, REPRODUCTION,
            "slope of SGD's ln τ (t = η·steps) on B/η escaping a single tanh neuron's minimum, B swept at η₀ (weighted by escapes)"),
    REPRODUCTION_XIE_NET_ESCAPE_SGD_CURVATURE_SLOPE("reproduction.xieNetEscapeSgdCurvatureSlope", "", NEITHER, REPRODUCTION,
            "b of SGD's weighted fit ln(τ/x) = a + b·x, x = λ₁/λ, on the single tanh neuron, the curvature set by the input scale (c = 1 exactly there: the η sweep again)"),
    REPRODUCTION_XIE_NET_ESCAPE_WHITE_CURVATURE_SLOPE("reproduction.xieNetEscapeWhiteCurvatureSlope", "", NEITHER, REPRODUCTION,
            "b of the same c = 1 fit on the single neuron for gradient descent plus white noise of fixed temperature (0 when τ is only polynomial in λ)"),
    REPRODUCTION_ESGD_NEAR_ZERO_FRACTION("reproduction.entropySgdNearZeroFraction", "fraction", NEITHER, REPRODUCTION,
            "fraction of the Hessian's eigenvalues with |λ| < 1e-4 at a minimum of the run's model (SLQ, float64); a value only where the quadrature's "
                    + "Chebyshev–Markov–Stieltjes bracket is at most 0.05 wide, else none (not resolved); the interval is that bracket widened by "
                    + "the bootstrap over the SLQ probes, not a bootstrap interval"),
    REPRODUCTION_ESGD_TEST_ERROR("reproduction.entropySgdTestError", "fraction", LOWER, REPRODUCTION,
            "Entropy-SGD's test error at the matched budget of effective epochs, mean over the seeds"),
    REPRODUCTION_ESGD_TEST_ERROR_GAP("reproduction.entropySgdTestErrorGap", "fraction", NEITHER, REPRODUCTION,
            "Entropy-SGD's test error minus SGD's at the matched budget (same initial weights per seed; negative: Entropy-SGD better)"),
    REPRODUCTION_ESGD_EPOCH_RATIO("reproduction.entropySgdEpochRatio", "", NEITHER, REPRODUCTION,
            "effective epochs Entropy-SGD takes to first reach SGD's test error at the budget, over the budget (below 1: fewer epochs)"),
    REPRODUCTION_LOCAL_ENERGY_CE_VS_SQUARED("reproduction.localEnergyCrossEntropyMinusSquared", "fraction", NEITHER, REPRODUCTION,
            "δE at the fixed σ (training error) of cross-entropy SGD minima minus that of squared-loss SGD minima (< 0: cross-entropy flatter)"),
    REPRODUCTION_LOCAL_ENERGY_NORM_VS_CE("reproduction.localEnergyNormReductionMinusCrossEntropy", "fraction", NEITHER, REPRODUCTION,
            "δE at the fixed σ of cross-entropy SGD with slow weight-norm reduction minus that of plain cross-entropy SGD (< 0: reduction flatter)"),
    REPRODUCTION_LOCAL_ENERGY_SGD_VS_GD("reproduction.localEnergySgdMinusGd", "fraction", NEITHER, REPRODUCTION,
            "δE at the fixed σ of cross-entropy SGD minima minus that of full-batch GD minima (< 0: SGD flatter)"),
    REPRODUCTION_LOCAL_ENERGY_ENTROPY_VS_SGD("reproduction.localEnergyEntropySgdMinusSgd", "fraction", NEITHER, REPRODUCTION,
            "δE at the fixed σ of Entropy-SGD minima (the same gradient evaluations) minus that of cross-entropy SGD minima (< 0: Entropy-SGD flatter)"),
    REPRODUCTION_LOCAL_ENERGY_TEST_SPEARMAN("reproduction.localEnergyTestErrorSpearman", "", NEITHER, REPRODUCTION,
            "Spearman's ρ over all minima of δE at the fixed σ with the test error"),
    REPRODUCTION_LOCAL_ENERGY_HESSIAN_SPEARMAN("reproduction.localEnergyTopEigenvalueSpearman", "", NEITHER, REPRODUCTION,
            "Spearman's ρ over all minima of δE at the fixed σ with the top eigenvalue of the training cross-entropy's Hessian"),
    REPRODUCTION_JAMMING_P_OVER_N_STAR("reproduction.jammingPOverNStar", "", NEITHER, REPRODUCTION,
            "P/N* on Gaussian patterns: N* the parameter count of the first net with N_Δ > 0 going down in width at fixed P, mean over sweeps"),
    REPRODUCTION_JAMMING_P_OVER_N_NON_DEGENERATE("reproduction.jammingPOverNStarNonDegenerate", "", NEITHER, REPRODUCTION,
            "P/N* with N* the first jammed net going down in width whose H₀ has rank ≥ ½ min(N_Δ, N − hidden units) (passes over nets stuck on dead units)"),
    REPRODUCTION_JAMMING_DEPTH_RATIO("reproduction.jammingDepthRatio", "", NEITHER, REPRODUCTION,
            "P/N* (first non-degenerate jammed net) at the deepest swept depth over the shallowest (1 when the transition is independent of depth)"),
    REPRODUCTION_JAMMING_FRACTION_AT_N_STAR("reproduction.jammingUnsatisfiedFractionAtNStar", "", NEITHER, REPRODUCTION,
            "N_Δ/N of the first non-degenerate jammed net of each sweep: the size of the jump from N_Δ = 0"),
    REPRODUCTION_JAMMING_DEPTH_RATIO_LITERAL("reproduction.jammingDepthRatioLiteral", "", NEITHER, REPRODUCTION,
            "P/N* (first net with N_Δ > 0, the literal rule) at the deepest swept depth over the shallowest"),
    REPRODUCTION_JAMMING_FRACTION_AT_N_STAR_LITERAL("reproduction.jammingUnsatisfiedFractionAtNStarLiteral", "", NEITHER, REPRODUCTION,
            "N_Δ/N of the first net with N_Δ > 0 of each sweep (the literal rule, nets stuck on dead units included)"),
    REPRODUCTION_JAMMING_THETA("reproduction.jammingTheta", "", NEITHER, REPRODUCTION,
            "θ of P(Δ) ~ Δ^θ for the unsatisfied patterns at N*, from the empirical CDF's log–log slope over the smallest gaps"),
    REPRODUCTION_JAMMING_GAMMA("reproduction.jammingGamma", "", NEITHER, REPRODUCTION,
            "γ of P(Δ) ~ |Δ|^(−γ) for the satisfied patterns at N*, from the empirical CDF's log–log slope over the smallest |Δ|"),
    REPRODUCTION_JAMMING_RANK_RATIO("reproduction.jammingRankRatio", "", NEITHER, REPRODUCTION,
            "mean over jammed nets of rank H₀ / min(N_Δ, N − hidden units) (1 when rank H₀ = N_Δ below N, less the ReLU rescalings)"),
    REPRODUCTION_JAMMING_REAL_P_OVER_N_STAR("reproduction.jammingRealPOverNStar", "", NEITHER, REPRODUCTION,
            "P/N* on the real data's parity (MNIST by default) on its first d principal components");

    private final String path;
    private final String unit;
    private final Direction better;
    private final Uncertainty uncertainty;
    private final String definition;

    Metric(String path, String unit, Direction better, Uncertainty uncertainty, String definition) {
        this.path = path;
        this.unit = unit;
        this.better = better;
        this.uncertainty = uncertainty;
        this.definition = definition;
    }

    /** Dotted path under {@code metrics}, e.g. "alignment.sigma2VsLambdaSlope". */
    public String path() { return path; }

    /** The last part of the path: the key in its group's map. */
    public String key() { return path.substring(path.lastIndexOf('.') + 1); }

    /** The first part: training, noise, hessian, alignment, engine or checkpoints. */
    public String group() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    public String unit() { return unit; }

    public Direction better() { return better; }

    public Uncertainty uncertainty() { return uncertainty; }

    public String definition() { return definition; }

    public MetricInfo info() { return new MetricInfo(unit, better); }

    /** Puts a value under this metric's key; non-finite numbers are left out (JSON has none). */
    public void put(Map<String, Object> group, double value) {
        if (Double.isFinite(value)) group.put(key(), value);
    }

    /** Puts a whole number under this metric's key. */
    public void put(Map<String, Object> group, long value) { group.put(key(), value); }

    /** Puts a value of any JSON-friendly kind (array, string, flag, map) under this metric's key. */
    public void put(Map<String, Object> group, Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) return;
        group.put(key(), value instanceof Estimate e ? e.toMap() : value);
    }

    public static Optional<Metric> byPath(String path) {
        return Arrays.stream(values()).filter(m -> m.path.equals(path)).findFirst();
    }

    /** Paths in a metric tree that the catalogue does not know (an estimate object counts as one metric; checkpoints are walked). */
    public static List<String> uncatalogued(Map<String, Object> metrics) {
        List<String> out = new ArrayList<>();
        walk(metrics, "", out);
        return out;
    }

    private static void walk(Map<?, ?> node, String prefix, List<String> out) {
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String path = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (path.equals(CHECKPOINTS.path) && v instanceof List<?> list) {
                for (Object item : list) {
                    if (!(item instanceof Map<?, ?> cp)) {
                        out.add(path + "[]");
                        continue;
                    }
                    for (Map.Entry<?, ?> c : cp.entrySet()) {
                        String key = String.valueOf(c.getKey());
                        String own = path + "." + key;
                        if (byPath(own).isPresent()) continue;
                        if (c.getValue() instanceof Map<?, ?> group && !isEstimate(group)) walk(group, key, out);
                        else if (byPath(key).isEmpty()) out.add(own);
                    }
                }
            } else if (v instanceof Map<?, ?> m && !isEstimate(m)) {
                walk(m, path, out);
            } else if (byPath(path).isEmpty()) {
                out.add(path);
            }
        }
    }

    /** An estimate object or a reproduction row counts as one metric. */
    private static boolean isEstimate(Map<?, ?> m) { return m.containsKey(Estimate.VALUE) || Reproduction.isRow(m); }

    /** The catalogue as the Markdown table docs/METRICS.md holds between its catalogue markers. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder();
        b.append("| metric | unit | better | uncertainty | definition |\n|---|---|---|---|---|\n");
        for (Metric m : values()) {
            b.append("| `").append(m.path).append("` | ").append(m.unit.isEmpty() ? "–" : m.unit).append(" | ")
                    .append(m.better == NEITHER ? "–" : m.better.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(m.uncertainty.description()).append(" | ").append(m.definition.replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
