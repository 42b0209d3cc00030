"""Writes the claims of a smooth-zigzag box: loss-below, critical-values-above and leaves-box on theta +- h.

Usage: python3 make_claims.py PROBLEM.json H [BOUND]   (H and BOUND rationals such as 1/4 and 1/5; stdout)
"""
import json
import sys
from fractions import Fraction


def main():
    p = json.load(open(sys.argv[1]))
    h = Fraction(sys.argv[2])
    c = sys.argv[3] if len(sys.argv) > 3 else "1/5"
    rows = ",\n".join(f'    ["{Fraction(t) - h}", "{Fraction(t) + h}"]' for t in p["theta"])
    box = "\n" + rows.replace("    [", "    [", 1) + "]"
    print('{ "claims": [\n'
          f'  {{ "type": "loss-below", "value": "{c}" }},\n'
          f'  {{ "type": "critical-values-above", "value": "{c}", "region":\n    [{box[5:]} }},\n'
          f'  {{ "type": "leaves-box", "box":\n    [{box[5:]} }}\n'
          '] }')


if __name__ == "__main__":
    main()
