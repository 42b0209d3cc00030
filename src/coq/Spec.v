(** * FlowCert specification: what a Coq-checked flowcert claim means.

    This file is the part a reader must trust.  It defines, over the real
    numbers (Coq's [R], integrals by Coquelicot's [RInt]), the network, the
    risk, its gradient and each claim kind, exactly as CONTRACT.md section 1
    and proofs-notes/certificate-format.md section 5 define them for flowcert.
    Everything else (Lib.v, the generated certificate files) is checked by
    Coq's kernel against these definitions. *)

From Coq Require Import Reals List Lia.
Set Warnings "-ambiguous-paths".
From Coquelicot Require Import Coquelicot.
Import ListNotations.
Open Scope R_scope.

(** ** Activations.  Kink convention (CONTRACT.md): relu'(0) = 0, leaky_relu'(0) = S. *)

Inductive activation :=
  | Relu
  | LeakyRelu (s : R)
  | Tanh
  | Logistic
  | Softplus
  | Poly (a : list R).          (** σ(z) = a0 + a1 z + a2 z² + ... *)

(** tanh z = (e^z − e^−z)/(e^z + e^−z), written with one occurrence of z (Lib.tanh_exp proves the identity). *)
Definition tanh (z : R) : R := 1 - 2 / (exp (2 * z) + 1).
Definition logistic (z : R) : R := 1 / (1 + exp (- z)).

(** [peval a z] = a0 + a1 z + a2 z² + ... (Horner); [pdiff a z] is its derivative
    in z, by the product rule on a0 + z·(a1 + a2 z + ...). *)
Fixpoint peval (a : list R) (z : R) : R :=
  match a with [] => 0 | c :: a' => c + z * peval a' z end.
Fixpoint pdiff (a : list R) (z : R) : R :=
  match a with [] => 0 | _ :: a' => peval a' z + z * pdiff a' z end.

Definition sigma (act : activation) (z : R) : R :=
  match act with
  | Relu => if Rlt_dec 0 z then z else 0
  | LeakyRelu s => if Rlt_dec 0 z then z else s * z
  | Tanh => tanh z
  | Logistic => logistic z
  | Softplus => ln (1 + exp z)
  | Poly a => peval a z
  end.

Definition dsigma (act : activation) (z : R) : R :=
  match act with
  | Relu => if Rlt_dec 0 z then 1 else 0
  | LeakyRelu s => if Rlt_dec 0 z then 1 else s
  | Tanh => 1 - tanh z ^ 2
  | Logistic => logistic z * (1 - logistic z)
  | Softplus => logistic z
  | Poly a => pdiff a z
  end.

(** ** The network: widths [1, H, 1], θ = [w_1..w_H, b_1..b_H, v_1..v_H, c],
    N(θ, x) = c + Σ_j v_j σ(w_j x + b_j). *)

Fixpoint sum (n : nat) (f : nat -> R) : R :=
  match n with O => 0 | S m => sum m f + f m end.

Definition w (H : nat) (th : list R) j := nth j th 0.
Definition b (H : nat) (th : list R) j := nth (H + j) th 0.
Definition v (H : nat) (th : list R) j := nth (2 * H + j) th 0.
Definition c (H : nat) (th : list R) := nth (3 * H) th 0.

Definition net (act : activation) (H : nat) (th : list R) (x : R) : R :=
  c H th + sum H (fun j => v H th j * sigma act (w H th j * x + b H th j)).

(** ∂N/∂θ_k (with σ' from [dsigma]); 0 for k > 3H. *)
Definition dnet (act : activation) (H : nat) (th : list R) (x : R) (k : nat) : R :=
  if Nat.ltb k H then v H th k * dsigma act (w H th k * x + b H th k) * x
  else if Nat.ltb k (2 * H) then v H th (k - H) * dsigma act (w H th (k - H) * x + b H th (k - H))
  else if Nat.ltb k (3 * H) then sigma act (w H th (k - 2 * H) * x + b H th (k - 2 * H))
  else if Nat.eqb k (3 * H) then 1 else 0.

(** ** Risks.
    Data: L = κ Σ_i (N(x_i) − y_i)², κ = 1/n ([Mean]) or 1/2 ([HalfSum]).
    Integral: L = ∫_a^b (N(x) − f(x))² dx with f a piecewise polynomial given by
    pieces (from, to, coefficients) that tile [a, b] in order (the problem's
    pieces clipped to its domain; the exporter refuses pieces that overlap); the
    integral is the sum of the integrals over the pieces. *)

Inductive reduction := Mean | HalfSum.
Inductive risk :=
  | Data (red : reduction) (data : list (R * R))
  | Integral (pieces : list (R * R * list R)).

Record problem := { act : activation; hidden : nat; risk_of : risk }.

Definition nparams (p : problem) : nat := 3 * hidden p + 1.

Definition weight (red : reduction) (n : nat) : R :=
  match red with Mean => / INR n | HalfSum => / 2 end.

(** Σ over the pieces of ∫_from^to g(q, x) dx, q the piece's polynomial. *)
Definition pieces_int (g : list R -> R -> R) (pcs : list (R * R * list R)) : R :=
  fold_right (fun pc acc => RInt (g (snd pc)) (fst (fst pc)) (snd (fst pc)) + acc) 0 pcs.

Definition loss (p : problem) (th : list R) : R :=
  let N := net (act p) (hidden p) th in
  match risk_of p with
  | Data red d => weight red (length d) * fold_right (fun xy acc => (N (fst xy) - snd xy) ^ 2 + acc) 0 d
  | Integral pcs => pieces_int (fun q x => (N x - peval q x) ^ 2) pcs
  end.

(** ∂L/∂θ_k: the chain rule through the residual; for integral risks the
    derivative is taken under the integral sign (flowcert's a.e. gradient).
    Gradient.v proves that this is the derivative of [loss] for data risks and
    smooth activations (Theorem grad_data_correct). *)
Definition grad (p : problem) (th : list R) (k : nat) : R :=
  let N := net (act p) (hidden p) th in
  let dN x := dnet (act p) (hidden p) th x k in
  match risk_of p with
  | Data red d => weight red (length d)
                  * fold_right (fun xy acc => 2 * (N (fst xy) - snd xy) * dN (fst xy) + acc) 0 d
  | Integral pcs => pieces_int (fun q x => 2 * (N x - peval q x) * dN x) pcs
  end.

(** ** Boxes: a list of intervals [(lo, hi)], one per parameter. *)

Definition box := list (R * R).
Fixpoint in_box (th : list R) (B : box) : Prop :=
  match th, B with
  | [], [] => True
  | t :: th', iv :: B' => fst iv <= t <= snd iv /\ in_box th' B'
  | _, _ => False
  end.

(** ** Claims (CONTRACT.md, "Claims file"), about the problem [p] at [th]. *)

Definition loss_enclosure p th lo hi : Prop := lo <= loss p th <= hi.
Definition loss_below p th value : Prop := loss p th < value.
Definition is_critical p th : Prop := forall k, (k < nparams p)%nat -> grad p th k = 0.
Definition critical_point p th : Prop := is_critical p th.
Definition critical_values_above p value (K : box) : Prop :=
  forall th, in_box th K -> is_critical p th -> value <= loss p th.

(** ** Gradient flow, used only by claims that rest on a named hypothesis. *)

Definition is_flow p (th0 : list R) (phi : R -> list R) : Prop :=
  phi 0 = th0 /\ forall t, 0 <= t -> length (phi t) = nparams p /\
    forall k, (k < nparams p)%nat -> is_derive (fun s => nth k (phi s) 0) t (- grad p (phi t) k).

Definition leaves_box p th0 (K : box) : Prop :=
  forall phi, is_flow p th0 phi -> exists t, 0 <= t /\ ~ in_box (phi t) K.

(** Named hypothesis (LaSalle's invariance principle, proofs-notes/rules/lasalle.md;
    not formalised here): for a smooth activation, a flow that starts in a compact
    box K below every critical value in K leaves K. *)
Definition smooth (a : activation) : Prop :=
  match a with Tanh | Logistic | Softplus | Poly _ => True | _ => False end.
Definition LaSalle_leaves_box : Prop :=
  forall p value K th0, smooth (act p) -> critical_values_above p value K ->
    loss p th0 < value -> in_box th0 K -> leaves_box p th0 K.
