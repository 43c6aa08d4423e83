"""Reads a lesson file the way ui/lesson.cpp does (docs/lesson-format.md): title, summary,
steps with their attnviz block, and the prose a learner reads (text, prompt, success,
hint), and finds every number written in that prose outside {{live values}}."""
import json
import re

# ASCII digits only: subscripts (x₁₃) and superscripts (e², 10⁹) are indices and powers.
# A number is cut off by letters and digits on either side, but not by CJK characters:
# Chinese writes “第3行” as readily as “第 3 行”, and both state the number 3.
_WORD = r"[^\W\u3400-\u9fff\uf900-\ufaff]"
NUMBER = re.compile(r"(?<!" + _WORD + r")(?<!\.)−?-?\d+(?:,\d{3})*(?:\.\d+)?(?!" + _WORD + r")")


def parse(markdown):
    lines = markdown.split("\n")
    title, summary, steps = None, [], []
    block, in_block = None, False
    for line in lines:
        if in_block:
            if line.strip() == "```":
                steps[-1]["meta"] = json.loads("\n".join(block))
                in_block = False
            else:
                block.append(line)
            continue
        if line.startswith("## "):
            steps.append({"title": line[3:].strip(), "meta": {}, "text": ""})
        elif line.startswith("# ") and title is None:
            title = line[2:].strip()
        elif line.strip() == "```attnviz":
            in_block, block = True, []
        elif steps:
            steps[-1]["text"] += line + "\n"
        else:
            summary.append(line)
    return title, " ".join(summary).strip(), steps


def prose(step):
    """Every piece of text a learner reads in this step, by where it is."""
    task = step["meta"].get("task", {})
    parts = {"title": step["title"], "text": step["text"], "prompt": task.get("prompt", ""),
             "success": task.get("success", ""), "hint": step["meta"].get("hint", "")}
    return {k: re.sub(r"\{\{.*?\}\}", " ", v) for k, v in parts.items()}


def literals(text):
    return [m.group(0).replace("−", "-") for m in NUMBER.finditer(text)]
