(** * Spec.grad is the gradient of Spec.loss (data risks, smooth activations).

    Proved once, so that a reader need not trust the chain-rule formula of Spec.grad for the
    claims that mention gradients (critical_point, critical_values_above, the flow): for every
    θ of the right length and every k < P, grad p θ k is the derivative of
    t ↦ loss p (θ with θ_k := t) at θ_k (Coquelicot's is_derive).  Integral risks
    (differentiation under RInt) and relu-type kinks (flowcert's a.e. convention) are not
    covered here. *)

From Coq Require Import Reals List Lia Lra.
Set Warnings "-ambiguous-paths".
From Coquelicot Require Import Coquelicot.
From FlowCert Require Import Spec.
Import ListNotations.
Open Scope R_scope.

Lemma peval_derive : forall a z, is_derive (peval a) z (pdiff a z).
Proof.
  induction a as [|c0 a IH]; intros z; simpl.
  - apply (is_derive_const 0).
  - assert (Hm := is_derive_mult (fun y : R => y) (peval a) z 1 (pdiff a z) (is_derive_id z) (IH z) Rmult_comm).
    assert (Hp := is_derive_plus (fun _ : R => c0) (fun y : R => y * peval a y) z 0 _ (is_derive_const c0 z) Hm).
    simpl in Hp. replace (peval a z + z * pdiff a z) with (0 + (1 * peval a z + z * pdiff a z)) by ring.
    exact Hp.
Qed.

Lemma sigma_derive : forall a z, smooth a -> is_derive (sigma a) z (dsigma a z).
Proof.
  intros [|s| | | |pa] z Hs; simpl in Hs |- *; try contradiction.
  - apply (is_derive_ext (fun y => 1 - 2 / (exp (2 * y) + 1))); [reflexivity|]. unfold tanh.
    assert (H1 : 0 < exp (2 * z)) by apply exp_pos.
    auto_derive. lra. field. lra.
  - apply (is_derive_ext (fun y => 1 / (1 + exp (- y)))); [reflexivity|]. unfold logistic.
    assert (H1 : 0 < exp (- z)) by apply exp_pos.
    auto_derive. lra. field. lra.
  - apply (is_derive_ext (fun y => ln (1 + exp y))); [reflexivity|]. unfold logistic.
    assert (H1 : 0 < exp z) by apply exp_pos. assert (H2 : exp (- z) = / exp z) by apply exp_Ropp.
    auto_derive. lra. rewrite H2. field. lra.
  - apply peval_derive.
Qed.

Fixpoint set_nth (k : nat) (t : R) (th : list R) : list R :=
  match th, k with
  | [], _ => []
  | _ :: th', O => t :: th'
  | x :: th', S k' => x :: set_nth k' t th'
  end.

Lemma nth_set : forall th k j t, (k < length th)%nat ->
  nth j (set_nth k t th) 0 = if Nat.eqb j k then t else nth j th 0.
Proof.
  induction th as [|x th IH]; intros k j t Hk; simpl in Hk; [lia|].
  destruct k as [|k], j as [|j]; simpl; try reflexivity.
  apply IH. lia.
Qed.

Lemma nth_set_same : forall th k, nth k th 0 = (if Nat.eqb k k then nth k th 0 else 0).
Proof. intros. rewrite Nat.eqb_refl. reflexivity. Qed.

Definition ind (b : bool) : R := if b then 1 else 0.

Lemma if_derive : forall (bb : bool) c t0, is_derive (fun t => if bb then t else c) t0 (ind bb).
Proof. intros [|] c t0; simpl. exact (is_derive_id t0). exact (is_derive_const c t0). Qed.

Lemma sum_derive : forall n (f : R -> nat -> R) (df : nat -> R) t0,
  (forall j, (j < n)%nat -> is_derive (fun t => f t j) t0 (df j)) ->
  is_derive (fun t => sum n (f t)) t0 (sum n df).
Proof.
  induction n as [|n IH]; intros f df t0 H; simpl.
  - apply (is_derive_const 0).
  - apply (is_derive_plus (fun t => sum n (f t)) (fun t => f t n)).
    + apply IH. intros j Hj. apply H. lia.
    + apply H. lia.
Qed.

Lemma sum_ext : forall n f g, (forall j, (j < n)%nat -> f j = g j) -> sum n f = sum n g.
Proof.
  induction n as [|n IH]; intros f g H; simpl; [reflexivity|].
  rewrite (IH f g) by (intros; apply H; lia). rewrite H by lia. reflexivity.
Qed.

Lemma sum_plus : forall n f g, sum n (fun j => f j + g j) = sum n f + sum n g.
Proof. induction n as [|n IH]; intros f g; simpl; [ring|]. rewrite IH. ring. Qed.

(** Σ_j [j = m] g j = g m if m < n, else 0. *)
Lemma sum_ind : forall n m g, sum n (fun j => ind (Nat.eqb j m) * g j) = if Nat.ltb m n then g m else 0.
Proof.
  induction n as [|n IH]; intros m g; simpl; [reflexivity|].
  rewrite IH. unfold ind.
  destruct (Nat.eqb_spec n m) as [->|Hne].
  - rewrite (proj2 (Nat.ltb_ge m m)) by lia. rewrite (proj2 (Nat.ltb_lt m (S m))) by lia. ring.
  - destruct (Nat.ltb_spec m n), (Nat.ltb_spec m (S n)); try lia; ring.
Qed.

Lemma ind_shift : forall s j m, ind (Nat.eqb (s + j) m) = if Nat.leb s m then ind (Nat.eqb j (m - s)%nat) else 0.
Proof.
  intros s j m. unfold ind.
  destruct (Nat.leb_spec s m), (Nat.eqb_spec (s + j) m), (Nat.eqb_spec j (m - s)%nat); try lia; reflexivity.
Qed.

Lemma sum_ind_shift : forall n s m g, sum n (fun j => ind (Nat.eqb (s + j) m) * g j)
  = if Nat.leb s m then (if Nat.ltb (m - s)%nat n then g (m - s)%nat else 0) else 0.
Proof.
  intros n s m g. rewrite (sum_ext n _ (fun j => (if Nat.leb s m then 1 else 0) * (ind (Nat.eqb j (m - s)%nat) * g j))).
  - destruct (Nat.leb s m).
    + rewrite <- sum_ind. induction n as [|n IH]; simpl; [ring|]. rewrite IH. ring.
    + induction n as [|n IH]; simpl; [ring|]. rewrite IH. ring.
  - intros j _. rewrite ind_shift. destruct (Nat.leb s m); ring.
Qed.

Lemma net_derive : forall a H th x k, smooth a -> (k < 3 * H + 1)%nat -> length th = (3 * H + 1)%nat ->
  is_derive (fun t => net a H (set_nth k t th) x) (nth k th 0) (dnet a H th x k).
Proof.
  intros a H th x k Ha Hk Hl.
  assert (Hk' : (k < length th)%nat) by lia.
  apply (is_derive_ext (fun t =>
     (if Nat.eqb (3 * H) k then t else c H th)
     + sum H (fun j => (if Nat.eqb (2 * H + j) k then t else v H th j)
          * sigma a ((if Nat.eqb j k then t else w H th j) * x + (if Nat.eqb (H + j) k then t else b H th j))))).
  { intros t. unfold net, c, v, w, b. rewrite (nth_set th k (3 * H)) by exact Hk'. f_equal.
    apply sum_ext. intros j _. rewrite !nth_set by exact Hk'. reflexivity. }
  set (z := fun j => w H th j * x + b H th j).
  set (df := fun j => ind (Nat.eqb (2 * H + j) k) * sigma a (z j)
     + ind (Nat.eqb j k) * (v H th j * dsigma a (z j) * x) + ind (Nat.eqb (H + j) k) * (v H th j * dsigma a (z j))).
  replace (dnet a H th x k) with (ind (Nat.eqb (3 * H) k) + sum H df).
  2: { unfold df. rewrite !sum_plus, sum_ind.
       rewrite (sum_ind_shift H (2 * H) k (fun j => sigma a (z j))).
       rewrite (sum_ind_shift H H k (fun j => v H th j * dsigma a (z j))).
       unfold dnet, z, ind.
       destruct (Nat.ltb_spec k H); [| destruct (Nat.ltb_spec k (2 * H)); [| destruct (Nat.ltb_spec k (3 * H))]];
       destruct (Nat.eqb_spec (3 * H) k), (Nat.leb_spec (2 * H) k), (Nat.leb_spec H k);
       try (destruct (Nat.ltb_spec (k - 2 * H)%nat H)); try (destruct (Nat.ltb_spec (k - H)%nat H));
       try (destruct (Nat.eqb_spec k (3 * H))); try lia; ring. }
  apply (is_derive_plus (fun t => if Nat.eqb (3 * H) k then t else c H th)).
  - apply if_derive.
  - apply sum_derive. intros j Hj. unfold df, z, v, w, b.
    pose proof (if_derive (Nat.eqb (2 * H + j) k) (nth (2 * H + j) th 0) (nth k th 0)) as D1.
    pose proof (if_derive (Nat.eqb j k) (nth j th 0) (nth k th 0)) as D2.
    pose proof (if_derive (Nat.eqb (H + j) k) (nth (H + j) th 0) (nth k th 0)) as D3.
    assert (Dz := is_derive_plus _ _ _ _ _ (is_derive_mult _ (fun _ => x) _ _ 0 D2 (is_derive_const x _) Rmult_comm) D3).
    assert (Ds := is_derive_comp (sigma a) _ _ _ _ (sigma_derive a _ Ha) Dz).
    assert (Dm := is_derive_mult _ _ _ _ _ D1 Ds Rmult_comm).
    cbv beta in Dm.
    match type of Dm with is_derive _ _ ?d => replace (ind (Nat.eqb (2 * H + j) k) * sigma a (nth j th 0 * x + nth (H + j) th 0)
      + ind (Nat.eqb j k) * (nth (2 * H + j) th 0 * dsigma a (nth j th 0 * x + nth (H + j) th 0) * x)
      + ind (Nat.eqb (H + j) k) * (nth (2 * H + j) th 0 * dsigma a (nth j th 0 * x + nth (H + j) th 0))) with d end.
    + exact Dm.
    + unfold ind.
      destruct (Nat.eqb_spec (2 * H + j) k) as [E1|E1]; destruct (Nat.eqb_spec j k) as [E2|E2];
      destruct (Nat.eqb_spec (H + j) k) as [E3|E3]; try lia; try subst k;
      unfold mult, plus, scal; simpl; unfold mult; simpl; ring.
Qed.

Lemma set_nth_same : forall th k, set_nth k (nth k th 0) th = th.
Proof. induction th as [|t th IH]; intros [|k]; simpl; try reflexivity. rewrite IH. reflexivity. Qed.

Lemma data_sum_derive : forall a H th k (d : list (R * R)), smooth a -> (k < 3 * H + 1)%nat -> length th = (3 * H + 1)%nat ->
  is_derive (fun t => fold_right (fun xy acc => (net a H (set_nth k t th) (fst xy) - snd xy) ^ 2 + acc) 0 d)
    (nth k th 0)
    (fold_right (fun xy acc => 2 * (net a H th (fst xy) - snd xy) * dnet a H th (fst xy) k + acc) 0 d).
Proof.
  intros a H th k d Ha Hk Hl. induction d as [|[x y] d IH]; simpl.
  - apply (is_derive_const 0).
  - apply (is_derive_plus (fun t => (net a H (set_nth k t th) x - y) ^ 2)); [|exact IH].
    assert (Hn := net_derive a H th x k Ha Hk Hl).
    assert (Hm := is_derive_minus _ (fun _ => y) _ _ 0 Hn (is_derive_const y _)).
    assert (Hp := is_derive_pow _ 2 _ _ Hm). cbv beta in Hp. rewrite set_nth_same in Hp.
    match type of Hp with is_derive _ _ ?dd => replace (2 * (net a H th x - y) * dnet a H th x k) with dd end.
    + exact Hp.
    + unfold minus, plus, opp, zero; simpl. unfold plus, opp; simpl. ring.
Qed.

(** Spec.grad is the gradient of Spec.loss: for a data risk and a smooth activation, grad p th k
    is the derivative of t ↦ loss p (th with θ_k := t) at θ_k. *)
Theorem grad_data_correct : forall p th k red d, risk_of p = Data red d -> smooth (act p) ->
  (k < nparams p)%nat -> length th = nparams p ->
  is_derive (fun t => loss p (set_nth k t th)) (nth k th 0) (grad p th k).
Proof.
  intros p th k red d Hr Ha Hk Hl. unfold loss, grad. rewrite Hr. unfold nparams in *.
  apply (is_derive_scal (fun t => fold_right _ 0 d)).
  exact (data_sum_derive (act p) (hidden p) th k d Ha Hk Hl).
Qed.
