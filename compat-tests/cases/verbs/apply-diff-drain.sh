# desc: apply, diff and drain are words 1.31 rejects as a first argument; ours changes a table to match a rules file, compares, and drains a real server
# divergence: new-verbs
cat > t.rules <<'R'
# web
-A -t 10.0.0.10:80 -s rr
-a -t 10.0.0.10:80 -r 192.168.1.2:80 -g -w 1
-a -t 10.0.0.10:80 -r 192.168.1.3:80 -g -w 2 -x 100 -y 50
-A -u [fd00::10]:53 -s sh
-a -u [fd00::10]:53 -r [fd00::20]:53 -m -w 1
R
sed -e 's/-s rr/-s wrr/' -e '/192.168.1.2:80/d' -e '/fd00/d' t.rules > u.rules
echo '-A -f 7 -s lc -p 60' >> u.rules
ipvsadm diff t.rules; echo "rc=$?"
ipvsadm apply --dry-run t.rules; echo "rc=$?"
ipvsadm apply t.rules; echo "rc=$?"
ipvsadm diff t.rules; echo "rc=$?"
ipvsadm apply t.rules; echo "rc=$?"
ipvsadm diff u.rules; echo "rc=$?"
ipvsadm apply --drain 5 u.rules; echo "rc=$?"
ipvsadm drain -t 10.0.0.10:80 -r 192.168.1.3 --wait 5 --delete; echo "rc=$?"
ipvsadm drain -t 10.0.0.10:80 -r 192.168.1.3; echo "rc=$?"
printf -- '-A -t 10.0.0.11:80\n-Z\n' | ipvsadm apply -; echo "rc=$?"
ipvsadm apply --bogus; echo "rc=$?"
