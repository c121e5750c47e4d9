"""nbgrader settings for taking crm-lessons' solution notebooks into an nbgrader course as they are.

Copy this file into your nbgrader course folder (next to ``source/``), then e.g.
``cp solutions/03_customer_lifetime_value_solutions.ipynb source/ch03/03_customer_lifetime_value_exercises.ipynb``
and ``nbgrader generate_assignment ch03``. The stub matches ``crm-lessons exercises build``: the answer
variables are already set to ``...`` above the solution region, so the student copy runs untouched.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
