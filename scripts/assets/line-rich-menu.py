# How scripts/assets/line-rich-menu.png was drawn: 2500x843, four equal areas matching the buttons in
# scripts/line-rich-menu.ts. Kyodo ships the PNG, so this runs only when the menu's look changes; it
# needs Pillow and a Japanese font (Debian: apt-get install python3-pil fonts-ipafont-gothic).
#   python3 scripts/assets/line-rich-menu.py
from pathlib import Path
from PIL import Image, ImageDraw, ImageFont
W, H = 2500, 843
FONT = "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf"
img = Image.new("RGB", (W, H), "#FFFFFF")
d = ImageDraw.Draw(img)
ja = ImageFont.truetype(FONT, 118)
en = ImageFont.truetype(FONT, 58)
cells = [("回答する", "Answer", "#06C755"), ("投票する", "Vote", "#1E88E5"), ("お知らせ", "Notices", "#F4A100"), ("ヘルプ", "Help", "#757575")]
cw = W // 4
for i, (label, sub, color) in enumerate(cells):
    x0 = i * cw
    d.rounded_rectangle([x0 + 30, 30, x0 + cw - 30, H - 30], radius=48, fill="#F5F7F6", outline=color, width=10)
    cx = x0 + cw // 2
    # icon: a filled circle with a simple glyph
    r = 120
    cy = 250
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=color)
    if i == 0:   # answer: pencil-like check
        d.line([(cx - 55, cy + 5), (cx - 12, cy + 50), (cx + 60, cy - 45)], fill="white", width=26, joint="curve")
    elif i == 1: # vote: ballot box
        d.rectangle([cx - 40, cy - 85, cx + 40, cy + 5], fill="white")
        d.line([(cx - 22, cy - 42), (cx - 6, cy - 26), (cx + 22, cy - 62)], fill=color, width=10)
        d.rectangle([cx - 70, cy - 5, cx + 70, cy + 70], fill="white")
        d.rectangle([cx - 50, cy + 8, cx + 50, cy + 18], fill=color)
    elif i == 2: # notices: bell
        d.pieslice([cx - 60, cy - 70, cx + 60, cy + 50], 180, 360, fill="white")
        d.rectangle([cx - 60, cy - 10, cx + 60, cy + 40], fill="white")
        d.rectangle([cx - 75, cy + 35, cx + 75, cy + 50], fill="white")
        d.ellipse([cx - 18, cy + 50, cx + 18, cy + 80], fill="white")
    else:        # help: question mark
        q = ImageFont.truetype(FONT, 190)
        d.text((cx, cy + 8), "?", font=q, fill="white", anchor="mm")
    d.text((cx, 540), label, font=ja, fill="#222222", anchor="mm")
    d.text((cx, 670), sub, font=en, fill="#555555", anchor="mm")
img.save(Path(__file__).with_name("line-rich-menu.png"), optimize=True)
