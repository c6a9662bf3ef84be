/**
 * Weight trajectories and the loss around them: snapshots of a slice of the parameters over a
 * window of training ({@link flatbench.trajectory.Trajectory}), their principal directions through the
 * T × T snapshot Gram matrix ({@link flatbench.trajectory.TrajectoryPca}), the training loss along a
 * direction ({@link flatbench.trajectory.LossProfile}) and the width of the region where it stays below
 * a threshold ({@link flatbench.trajectory.Flatness}); the equilibrium control of Feng &amp; Tu's relation,
 * planned by {@link flatbench.trajectory.Equilibration} and run on one block along its Hessian's
 * eigenvectors ({@link flatbench.trajectory.EigenControl}).
 */
package flatbench.trajectory;
