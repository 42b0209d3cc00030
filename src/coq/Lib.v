(** * FlowCert library: lemmas proved once, used by every generated certificate file.
    Nothing here needs to be trusted: Coq checks it against Spec.v. *)

From Coq Require Import Reals List Lia Lra.
Set Warnings "-ambiguous-paths".
From Coquelicot Require Import Coquelicot.
From FlowCert Require Import Spec.
Import ListNotations.
Open Scope R_scope.

(** ** Polynomial antiderivatives. [pint n a x] = Σ_i a_i x^(n+i+1)/(n+i+1). *)

Fixpoint pint (n : nat) (a : list R) (x : R) : R :=
  match a with
  | [] => 0
  | c0 :: a' => c0 * x ^ (S n) / INR (S n) + pint (S n) a' x
  end.

Lemma pint_derive : forall a n x, is_derive (pint n a) x (x ^ n * peval a x).
Proof.
  induction a as [|c0 a' IH]; intros n x; simpl.
  - apply (is_derive_ext (fun _ => 0)); [reflexivity|].
    replace (x ^ n * 0) with 0 by ring. apply (is_derive_const 0).
  - set (d := INR (S n)). assert (Hd : d <> 0) by (apply not_0_INR; lia).
    apply (is_derive_ext (fun y => c0 * y ^ S n / d + pint (S n) a' y)); [reflexivity|].
    replace (x ^ n * (c0 + x * peval a' x))
      with (c0 * (INR (S n) * x ^ n) / d + x ^ S n * peval a' x)
      by (unfold d; simpl; field; exact Hd).
    apply (is_derive_plus (fun y => c0 * y ^ S n / d) (pint (S n) a')); [|apply IH].
    auto_derive; [exact I|]. unfold d. simpl. field. exact Hd.
Qed.

Lemma peval_continuous : forall a x, continuous (peval a) x.
Proof.
  induction a as [|c0 a' IH]; intros x; simpl.
  - apply continuous_const.
  - apply (continuous_plus (fun _ => c0) (fun y => y * peval a' y)).
    + apply continuous_const.
    + apply (continuous_mult (fun y => y) (peval a')). apply continuous_id. apply IH.
Qed.

Lemma peval_is_RInt : forall a u v, is_RInt (peval a) u v (pint 0 a v - pint 0 a u).
Proof.
  intros a u v.
  apply (is_RInt_derive (pint 0 a) (peval a)).
  - intros x _. pose proof (pint_derive a 0 x) as Hd. simpl in Hd.
    replace (peval a x) with (1 * peval a x) by ring. exact Hd.
  - intros x _. apply peval_continuous.
Qed.

(** ** Piecewise-polynomial integrals.  A list of segments [(v_i, q_i)] from a start
    point u: on (v_{i-1}, v_i) the integrand equals the polynomial q_i. *)

Fixpoint pw_ok (f : R -> R) (u : R) (segs : list (R * list R)) : Prop :=
  match segs with
  | [] => True
  | (v0, q) :: rest => (forall x, Rmin u v0 < x < Rmax u v0 -> f x = peval q x) /\ pw_ok f v0 rest
  end.
Fixpoint pw_end (u : R) (segs : list (R * list R)) : R :=
  match segs with [] => u | (v0, _) :: rest => pw_end v0 rest end.
Fixpoint pw_int (u : R) (segs : list (R * list R)) : R :=
  match segs with
  | [] => 0
  | (v0, q) :: rest => (pint 0 q v0 - pint 0 q u) + pw_int v0 rest
  end.

Lemma pw_RInt : forall segs f u, pw_ok f u segs ->
  ex_RInt f u (pw_end u segs) /\ RInt f u (pw_end u segs) = pw_int u segs.
Proof.
  induction segs as [|[v0 q] rest IH]; intros f u Hok; simpl in *.
  - split. apply ex_RInt_point. exact (RInt_point u f).
  - destruct Hok as [Hseg Hrest]. destruct (IH f v0 Hrest) as [Hex Heq].
    assert (Hex0 : ex_RInt f u v0).
    { apply (ex_RInt_ext (peval q)). intros x Hx. symmetry. apply Hseg. exact Hx.
      eexists. apply peval_is_RInt. }
    split.
    + apply (ex_RInt_Chasles f u v0); assumption.
    + rewrite <- (RInt_Chasles f u v0 (pw_end v0 rest)) by assumption.
      rewrite Heq.
      rewrite (RInt_ext f (peval q)) by (intros x Hx; apply Hseg; exact Hx).
      rewrite (is_RInt_unique (peval q) u v0 _ (peval_is_RInt q u v0)). reflexivity.
Qed.

(** One segment list per piece, ending at the piece's right end. *)
Fixpoint pieces_ok (g : list R -> R -> R) (pcs : list (R * R * list R)) (segss : list (list (R * list R))) : Prop :=
  match pcs, segss with
  | [], [] => True
  | pc :: pcs', segs :: segss' =>
      pw_ok (g (snd pc)) (fst (fst pc)) segs /\ pw_end (fst (fst pc)) segs = snd (fst pc)
      /\ pieces_ok g pcs' segss'
  | _, _ => False
  end.
Fixpoint pieces_val (pcs : list (R * R * list R)) (segss : list (list (R * list R))) : R :=
  match pcs, segss with
  | pc :: pcs', segs :: segss' => pw_int (fst (fst pc)) segs + pieces_val pcs' segss'
  | _, _ => 0
  end.

Lemma pieces_int_eq : forall pcs segss g, pieces_ok g pcs segss -> pieces_int g pcs = pieces_val pcs segss.
Proof.
  induction pcs as [|pc pcs IH]; intros [|segs segss] g Hok; simpl in *; try tauto.
  destruct Hok as (Hpw & Hend & Hrest).
  rewrite (IH segss g Hrest). f_equal.
  destruct (pw_RInt segs _ _ Hpw) as [_ Heq]. rewrite Hend in Heq. exact Heq.
Qed.

(** ** Spec.tanh is the usual tanh. *)

Lemma tanh_exp : forall z, tanh z = (exp z - exp (- z)) / (exp z + exp (- z)).
Proof.
  intros z. unfold tanh.
  assert (He : exp (2 * z) = exp z * exp z) by (rewrite <- exp_plus; f_equal; ring).
  assert (Hm : exp (- z) = / exp z) by apply exp_Ropp.
  assert (Hp : 0 < exp z) by apply exp_pos.
  rewrite He, Hm. field. split; nra.
Qed.

(** ** Cover trees: the glue for [critical_values_above] on a box. *)

Fixpoint halve (lower : bool) (i : nat) (B : box) : box :=
  match B, i with
  | [], _ => []
  | iv :: B', O => (if lower then (fst iv, (fst iv + snd iv) / 2) else ((fst iv + snd iv) / 2, snd iv)) :: B'
  | iv :: B', S i' => iv :: halve lower i' B'
  end.

Lemma halve_cover : forall B i th, in_box th B -> in_box th (halve true i B) \/ in_box th (halve false i B).
Proof.
  induction B as [|iv B IH]; intros i th H.
  - left. destruct i; exact H.
  - destruct th as [|t th]; [contradiction|]. destruct H as [Ht Hb]. destruct i as [|i]; simpl.
    + destruct (Rle_dec t ((fst iv + snd iv) / 2)); [left | right]; simpl; split; try exact Hb; lra.
    + destruct (IH i th Hb); [left | right]; simpl; tauto.
Qed.

(** A leaf is settled by a gradient component of fixed sign or by L ≥ value. *)
Inductive leaf := GradPos (k : nat) | GradNeg (k : nat) | LossAbove.
Inductive cover := Leaf (l : leaf) | Split (i : nat) (lo hi : cover).

Definition leaf_sound (p : problem) (value : R) (l : leaf) (B : box) : Prop :=
  match l with
  | GradPos k => (k < nparams p)%nat /\ forall th, in_box th B -> 0 < grad p th k
  | GradNeg k => (k < nparams p)%nat /\ forall th, in_box th B -> grad p th k < 0
  | LossAbove => forall th, in_box th B -> value <= loss p th
  end.

Fixpoint cover_ok (P : leaf -> box -> Prop) (t : cover) (B : box) : Prop :=
  match t with
  | Leaf l => P l B
  | Split i lo hi => cover_ok P lo (halve true i B) /\ cover_ok P hi (halve false i B)
  end.

Theorem cover_sound : forall p value t K,
  cover_ok (leaf_sound p value) t K -> critical_values_above p value K.
Proof.
  intros p value t. induction t as [l | i lo IHlo hi IHhi]; intros K Hok th Hin Hcrit; simpl in Hok.
  - destruct l as [k|k|]; simpl in Hok.
    + destruct Hok as [Hk Hpos]. specialize (Hpos th Hin). rewrite (Hcrit k Hk) in Hpos. lra.
    + destruct Hok as [Hk Hneg]. specialize (Hneg th Hin). rewrite (Hcrit k Hk) in Hneg. lra.
    + apply Hok, Hin.
  - destruct Hok as [Hlo Hhi]. destruct (halve_cover K i th Hin) as [H | H].
    + exact (IHlo _ Hlo th H Hcrit).
    + exact (IHhi _ Hhi th H Hcrit).
Qed.

(** ** Tactics used by the generated files. *)

(** Decide every [Rlt_dec 0 z] of the goal from the hypotheses (linear arithmetic). *)
Ltac decide_kinks :=
  repeat match goal with
  | |- context [Rlt_dec 0 ?z] => destruct (Rlt_dec 0 z); [try (exfalso; lra) | try (exfalso; lra)]
  end.

(** Open a box hypothesis [in_box th B] into one bound per coordinate. *)
Ltac open_box th H :=
  repeat (let t := fresh "t" in let th' := fresh "th" in
          destruct th as [|t th']; cbn [in_box fst snd] in H; [try contradiction|];
          try (let Ht := fresh "Ht" in destruct H as [Ht H]; rename th' into th));
  try (destruct th; [|contradiction]).

(** ** Box inclusion: a claim on a smaller box or a lower bound follows. *)

Fixpoint box_sub (B K : box) : Prop :=
  match B, K with
  | [], [] => True
  | iv :: B', jv :: K' => fst jv <= fst iv /\ snd iv <= snd jv /\ box_sub B' K'
  | _, _ => False
  end.

Lemma in_box_sub : forall B K th, box_sub B K -> in_box th B -> in_box th K.
Proof.
  induction B as [|iv B IH]; intros [|jv K] th Hs Hin; simpl in *; try tauto.
  destruct th as [|t th]; [contradiction|]. destruct Hin as [Ht Hb]. destruct Hs as (H1 & H2 & H3).
  split; [lra | exact (IH K th H3 Hb)].
Qed.

Lemma cva_mono : forall p c K c' B,
  critical_values_above p c K -> c' <= c -> box_sub B K -> critical_values_above p c' B.
Proof.
  intros p c K c' B H Hc Hs th Hin Hcrit. specialize (H th (in_box_sub B K th Hs Hin) Hcrit). lra.
Qed.

Lemma leaves_box_mono : forall p th0 K B, leaves_box p th0 K -> box_sub B K -> leaves_box p th0 B.
Proof.
  intros p th0 K B H Hs phi Hf. destruct (H phi Hf) as [t [Ht Hout]].
  exists t. split; [exact Ht|]. intros Hin. apply Hout. exact (in_box_sub B K _ Hs Hin).
Qed.
