package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.model.Shape;

class SyntheticTest {
    private static final Shape SMALL = Shape.vector(20);

    @Test
    void sameSeedGivesTheSameDataAndOtherSeedsOtherData() {
        Dataset a = Synthetic.teacherStudent(SMALL, 5, 300, Synthetic.Teacher.LINEAR, 7, Part.TRAIN);
        Dataset b = Synthetic.teacherStudent(SMALL, 5, 300, Synthetic.Teacher.LINEAR, 7, Part.TRAIN);
        Dataset c = Synthetic.teacherStudent(SMALL, 5, 300, Synthetic.Teacher.LINEAR, 8, Part.TRAIN);
        assertArrayEquals(a.all().inputs(), b.all().inputs());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.checksum(), b.checksum());
        assertFalse(java.util.Arrays.equals(a.all().inputs(), c.all().inputs()));
        assertNotEquals(a.checksum(), c.checksum());
    }

    @Test
    void aSmallerSetIsAPrefixOfALargerOne() {
        Dataset big = Synthetic.randomLabels(SMALL, 4, 200, 3, Part.TRAIN);
        Dataset small = Synthetic.randomLabels(SMALL, 4, 50, 3, Part.TRAIN);
        assertArrayEquals(big.batch(0, 50).inputs(), small.all().inputs());
        assertArrayEquals(big.batch(0, 50).labels(), small.labels());
        assertEquals(big.checksum(), small.checksum());
    }

    @Test
    void trainAndTestPartsDiffer() {
        Dataset train = Synthetic.gaussianPm1(SMALL, 100, 1, Part.TRAIN);
        Dataset test = Synthetic.gaussianPm1(SMALL, 100, 1, Part.TEST);
        assertFalse(java.util.Arrays.equals(train.all().inputs(), test.all().inputs()));
        assertNotEquals(train.checksum(), test.checksum());
    }

    @Test
    void inputsAreStandardGaussian() {
        float[] x = Synthetic.randomLabels(new Shape(1, 28, 28), 10, 100, 5, Part.TRAIN).all().inputs();
        double sum = 0, sq = 0;
        for (float v : x) { sum += v; sq += (double) v * v; }
        double mean = sum / x.length, var = sq / x.length - mean * mean;
        // 78,400 draws: the standard error of the mean is 0.0036 and of the variance 0.005.
        assertEquals(0, mean, 0.02);
        assertEquals(1, var, 0.03);
    }

    /** Each count within 5 binomial standard deviations of n/k. */
    private static void assertBalanced(int[] counts, int n) {
        int k = counts.length;
        double sd = Math.sqrt(n * (1.0 / k) * (1 - 1.0 / k));
        for (int c = 0; c < k; c++) assertEquals(n / (double) k, counts[c], 5 * sd, "class " + c + " of " + java.util.Arrays.toString(counts));
    }

    @Test
    void randomAndPm1LabelsAreBalanced() {
        assertBalanced(Synthetic.randomLabels(SMALL, 10, 5000, 1, Part.TRAIN).classCounts(), 5000);
        Dataset pm = Synthetic.gaussianPm1(SMALL, 5000, 1, Part.TRAIN);
        assertEquals(2, pm.numClasses());
        assertBalanced(pm.classCounts(), 5000);
    }

    @Test
    void teacherLabelsUseEveryClassAndNoneDominates() {
        for (Synthetic.Teacher t : new Synthetic.Teacher[] {Synthetic.Teacher.LINEAR, new Synthetic.Teacher(16)}) {
            int[] counts = Synthetic.teacherStudent(new Shape(1, 28, 28), 10, 3000, t, 2, Part.TRAIN).classCounts();
            for (int c : counts) assertTrue(c > 3000 / 10 / 4 && c < 3000 / 10 * 3, t + ": " + java.util.Arrays.toString(counts));
        }
    }

    /** Test accuracy of a nearest-class-mean (by dot product) classifier fitted on {@code train}. */
    private static double classMeanAccuracy(Dataset train, Dataset test) {
        int d = train.shape().size(), k = train.numClasses();
        double[][] mean = new double[k][d];
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.image(i);
            for (int j = 0; j < d; j++) mean[train.label(i)][j] += x[j];
        }
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] x = test.image(i);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0, norm = 0;
                for (int j = 0; j < d; j++) { s += mean[c][j] * x[j]; norm += mean[c][j] * mean[c][j]; }
                s /= Math.sqrt(norm);
                if (s > bestScore) { bestScore = s; best = c; }
            }
            if (best == test.label(i)) right++;
        }
        return right / (double) test.size();
    }

    @Test
    void teacherLabelsAreLearnableAndSharedByTrainAndTestWhileRandomLabelsAreNot() {
        Dataset train = Synthetic.teacherStudent(SMALL, 4, 4000, Synthetic.Teacher.LINEAR, 9, Part.TRAIN);
        Dataset test = Synthetic.teacherStudent(SMALL, 4, 1000, Synthetic.Teacher.LINEAR, 9, Part.TEST);
        assertTrue(classMeanAccuracy(train, test) > 0.75, "linear teacher: " + classMeanAccuracy(train, test));

        Dataset mlpTrain = Synthetic.teacherStudent(SMALL, 4, 4000, new Synthetic.Teacher(8), 9, Part.TRAIN);
        Dataset mlpTest = Synthetic.teacherStudent(SMALL, 4, 1000, new Synthetic.Teacher(8), 9, Part.TEST);
        assertTrue(classMeanAccuracy(mlpTrain, mlpTest) > 0.4, "mlp teacher: " + classMeanAccuracy(mlpTrain, mlpTest));

        Dataset rTrain = Synthetic.randomLabels(SMALL, 4, 4000, 9, Part.TRAIN);
        Dataset rTest = Synthetic.randomLabels(SMALL, 4, 1000, 9, Part.TEST);
        // Chance is 0.25; 1,000 test samples give a standard error of 0.014.
        assertEquals(0.25, classMeanAccuracy(rTrain, rTest), 0.07);
    }

    @Test
    void badCountsAreRejected() {
        assertThrows(DataException.class, () -> Synthetic.randomLabels(SMALL, 1, 10, 0, Part.TRAIN));
        assertThrows(DataException.class, () -> Synthetic.gaussianPm1(SMALL, 0, 0, Part.TRAIN));
    }
}
