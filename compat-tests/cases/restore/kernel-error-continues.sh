# desc: a kernel error inside -R is printed and the restore continues; rc is that of the last line (0)
ipvsadm -R <<'EOF'
-A -t 10.0.0.100:80
-A -t 10.0.0.100:80
-A -t 10.0.0.101:80
-a -t 10.0.0.102:80 -r 10.0.0.2
-a -t 10.0.0.101:80 -r 10.0.0.2
EOF
echo "rc=$?"
ipvsadm -Ln
